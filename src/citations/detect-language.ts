import { directionOf } from '../lang';
import type { Direction } from '../model';
import { tokenizeText } from './tokenize-text';

// The scripts a tweet is told apart by, with the language assumed when the article's is not
// written in that script. `others` matches runs of whatever is not a letter of the script (not
// of the script, or not a letter): removing them and counting what is left does not make an array
// of every letter, as a match did.
const SCRIPTS = [
  { script: 'Arab', others: /(?:\P{Script=Arabic}|\P{L})+/gu, fallback: 'ar' },
  { script: 'Hebr', others: /(?:\P{Script=Hebrew}|\P{L})+/gu, fallback: 'he' },
  { script: 'Latn', others: /(?:\P{Script=Latin}|\P{L})+/gu, fallback: 'en' },
] as const;

// Tags are few (an article's, a tweet's `lang`), and maximizing one builds a locale each time.
const scripts = new Map<string, string | undefined>();

/** The script a language tag is usually written in (CLDR likely subtags: fa → Arab), if known. Build time only. */
export function scriptOf(lang: string): string | undefined {
  if (!scripts.has(lang)) scripts.set(lang, likelyScript(lang));
  return scripts.get(lang);
}

function likelyScript(lang: string): string | undefined {
  try {
    return new Intl.Locale(lang).maximize().script;
  } catch {
    return undefined; // not a well-formed tag
  }
}

/** Code points in `text`: a letter outside the BMP is two code units. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

/**
 * Language and direction of a tweet from the script most of its letters are in; URLs, hashtags
 * and mentions are ignored because they say nothing about the language of the words.
 */
export function detectLanguage(text: string, articleLang: string): { lang: string; dir: Direction } {
  const words = tokenizeText(text)
    .filter((t) => t.type === 'text')
    .map((t) => t.raw)
    .join(' ');
  let best: (typeof SCRIPTS)[number] | undefined;
  let bestCount = 0;
  for (const s of SCRIPTS) {
    const count = codePoints(words.replace(s.others, ''));
    if (count > bestCount) [best, bestCount] = [s, count];
  }
  if (!best) return { lang: articleLang, dir: directionOf(articleLang) };
  const lang = scriptOf(articleLang) === best.script ? articleLang : best.fallback;
  return { lang, dir: directionOf(lang) };
}

import { directionOf } from '../lang';
import type { Direction } from '../model';
import { tokenizeText } from './tokenize-text';

// The scripts a tweet is told apart by, with the language assumed when the article's is not
// written in that script.
const SCRIPTS = [
  { script: 'Arab', letters: /(?=\p{L})\p{Script=Arabic}/gu, fallback: 'ar' },
  { script: 'Hebr', letters: /(?=\p{L})\p{Script=Hebrew}/gu, fallback: 'he' },
  { script: 'Latn', letters: /(?=\p{L})\p{Script=Latin}/gu, fallback: 'en' },
] as const;

/** The script a language tag is usually written in (CLDR likely subtags: fa → Arab), if known. Build time only. */
export function scriptOf(lang: string): string | undefined {
  try {
    return new Intl.Locale(lang).maximize().script;
  } catch {
    return undefined; // not a well-formed tag
  }
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
    const count = words.match(s.letters)?.length ?? 0;
    if (count > bestCount) [best, bestCount] = [s, count];
  }
  if (!best) return { lang: articleLang, dir: directionOf(articleLang) };
  const lang = scriptOf(articleLang) === best.script ? articleLang : best.fallback;
  return { lang, dir: directionOf(lang) };
}

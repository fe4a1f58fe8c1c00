import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage, scriptOf } from '../../../src/citations/detect-language';
import { directionOf } from '../../../src/lang';
import { tokenizeText } from '../../../src/citations/tokenize-text';

// The rule as first written: count each script's letters with a match, the most wins.
function byMatching(text: string, articleLang: string): { lang: string; dir: string } {
  const words = tokenizeText(text)
    .filter((t) => t.type === 'text')
    .map((t) => t.raw)
    .join(' ');
  const scripts = [
    { script: 'Arab', letters: /(?=\p{L})\p{Script=Arabic}/gu, fallback: 'ar' },
    { script: 'Hebr', letters: /(?=\p{L})\p{Script=Hebrew}/gu, fallback: 'he' },
    { script: 'Latn', letters: /(?=\p{L})\p{Script=Latin}/gu, fallback: 'en' },
  ];
  let best: (typeof scripts)[number] | undefined;
  let bestCount = 0;
  for (const s of scripts) {
    const count = words.match(s.letters)?.length ?? 0;
    if (count > bestCount) [best, bestCount] = [s, count];
  }
  const lang = !best ? articleLang : scriptOf(articleLang) === best.script ? articleLang : best.fallback;
  return { lang, dir: directionOf(lang) };
}

// Letters and not-letters of each script, digits, marks, and letters outside the BMP (Latin's
// 𐞀 and 𝼀, Adlam's 𞤀, a mathematical 𝐀 that is no script's letter).
const piece = fc.constantFrom(
  'قال',
  'ٱ',
  'ﻻ',
  '؟',
  '،',
  '١٢',
  'ـ',
  'ً',
  'שלום',
  'ּ',
  'word',
  'ǅ',
  'À',
  'ꭰ',
  '𐞀',
  '𝼀',
  '𞤀',
  '𝐀',
  ' ',
  '#وسم',
  '@handle',
  'https://example.com/x',
  'pic.twitter.com/abc',
  '5',
  'Ω',
  '中',
);

describe('detectLanguage', () => {
  it('counts letters per script as matching every letter did, outside the BMP too', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom('ar', 'en', 'fa', 'he', 'und', 'fr-CA'), (parts, articleLang) => {
        const text = parts.join('');
        expect(detectLanguage(text, articleLang)).toEqual(byMatching(text, articleLang));
      }),
      { numRuns: 2000 },
    );
  });

  it('tells the script of a tweet', () => {
    expect(detectLanguage('Breaking news from Hasakah', 'ar')).toEqual({ lang: 'en', dir: 'ltr' });
    expect(detectLanguage('عاجل من الحسكة https://example.com', 'en')).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(detectLanguage('خبر عاجل', 'fa')).toEqual({ lang: 'fa', dir: 'rtl' });
    // Two letters outside the BMP are two, not four: the three Arabic letters win.
    expect(detectLanguage('𐞀𐞀 قال', 'en')).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(detectLanguage('#وسم @handle 123', 'he')).toEqual({ lang: 'he', dir: 'rtl' });
  });
});

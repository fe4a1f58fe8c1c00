import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { detectPlainTweets, type SourceUnit } from '../../../src/citations/detect-tweets';
import { renderCitationHtml, renderCitationText, renderSourcesHtml, renderSourcesText } from '../../../src/render/render-citation';
import type { Tweet } from '../../../src/model';
import { LRI, makeTweet, PDI, RLI, visibleQuote } from '../../support/make-tweet';

// Month names as exports write them, independent of the tables in the code under test.
const EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const AR_EGYPT = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
const AR_LEVANT = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
const arabicIndic = (n: number) => String(n).replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);

const day = fc
  .integer({ min: 0, max: 9000 })
  .map((n) => new Date(Date.UTC(2006, 2, 21) + n * 86_400_000))
  .map((d) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), iso: d.toISOString().slice(0, 10) }));

const writtenDate = fc.tuple(day, fc.integer({ min: 0, max: 6 })).map(([{ y, m, d, iso }, form]) => {
  const written = [
    `${EN[m]} ${d}, ${y}`,
    `${EN[m]!.slice(0, 3)} ${d}, ${y}`,
    `${d} ${EN[m]} ${y}`,
    `${d} ${AR_EGYPT[m]} ${y}`,
    `${arabicIndic(d)} ${AR_EGYPT[m]} ${arabicIndic(y)}`,
    `${d} ${AR_LEVANT[m]} ${y}`,
    `${arabicIndic(d)} ${AR_LEVANT[m]} ${arabicIndic(y)}`,
  ][form]!;
  return { written, iso };
});

const handle = fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/);
const name = fc
  .array(fc.constantFrom('Jane', 'usher', 'أحمد', 'مصطفى', '(Nick)', '(أبو علي)', '🇸🇾', '😀', 'al-Hasan', "O'Brien"), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(' '));
const word = fc.constantFrom(
  'Breaking',
  'news',
  'عاجل',
  'الحسكة',
  'سجن',
  '—',
  '--',
  '(',
  ')',
  '(in part)',
  '(أحمد علي)',
  '#سوريا',
  '#Syria',
  '@someone',
  'pic.twitter.com/AbC123',
  't.co/Xyz9',
  'https://example.org/a',
  '2022',
  'January 21, 2022',
  '😀',
);
// Prose: no dash (one before `(@handle) Date` rightly makes a glued attribution), and no picture
// link (which rightly asks for an attribution).
const proseWord = word.filter((w) => !w.includes('—') && !w.includes('--') && !w.startsWith('pic.'));
const textLines = fc.array(
  fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' ')),
  { minLength: 1, maxLength: 3 },
);

interface GeneratedTweet {
  kind: 'tweet';
  units: string[];
  expected: { text: string; authorName: string; handle: string; date: string };
}
const generatedTweet = fc
  .record({
    lines: textLines,
    name,
    handle,
    date: writtenDate,
    dash: fc.constantFrom('—', '&mdash;', '--'),
    space: fc.constantFrom('', ' '),
    form: fc.constantFrom('two units', 'same unit', 'glued'),
  })
  .map(({ lines, name, handle, date, dash, space, form }): GeneratedTweet => {
    const attribution = `${dash}${space}${name} (@${handle}) ${date.written}`;
    const text = lines.join('\n');
    const units = form === 'two units' ? [text, attribution] : form === 'same unit' ? [`${text}\n${attribution}`] : [`${text}${space}${attribution}`];
    return { kind: 'tweet', units, expected: { text, authorName: name, handle, date: date.iso } };
  });

// Ordinary paragraphs: anything on one line, and prose built to look like an attribution.
const ordinary = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !s.includes('\n')),
    fc.tuple(fc.array(proseWord, { minLength: 1, maxLength: 4 }), name, handle, writtenDate, fc.integer({ min: 0, max: 4 })).map(([w, n, h, d, form]) => {
      const words = w.join(' ');
      return [
        `قال الوزير — ${words} (${n}) — إن الوضع مستقر.`,
        `The report — published (in part) ${d.written} — says ${words}.`,
        `${words} (@${h}) ${d.written}`,
        `${words} — ${n} (@${h}) said on ${d.written}.`,
        `${words} — (${n}) ${d.written}`,
      ][form]!;
    }),
  )
  .map((text) => ({ kind: 'keep' as const, units: [text] }));

describe('detectPlainTweets properties', () => {
  it('finds every generated tweet exactly once, keeps everything else, and never warns', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(ordinary, generatedTweet), { maxLength: 12 }), (pieces) => {
        const units: SourceUnit[] = [];
        const expected: { indexes: number[]; tweet: GeneratedTweet['expected'] }[] = [];
        for (const piece of pieces) {
          const indexes = piece.units.map((text) => units.push({ text, line: units.length * 2 + 1 }) - 1);
          if (piece.kind === 'tweet') expected.push({ indexes, tweet: piece.expected });
        }
        const warnings: string[] = [];
        const found = detectPlainTweets(units, { articleLang: 'ar', warn: (_, m) => warnings.push(m) });

        expect(found.flatMap((d) => (d.kind === 'keep' ? [d.index] : d.indexes))).toEqual(units.map((_, i) => i));
        expect(
          found.flatMap((d) =>
            d.kind === 'tweet'
              ? [{ indexes: d.indexes, tweet: { text: d.tweet.text, authorName: d.tweet.authorName, handle: d.tweet.handle, date: d.tweet.date } }]
              : [],
          ),
        ).toEqual(expected);
        expect(warnings).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

const anyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('#وسم', '#Tag_1', '@user', 'https://example.org/?a=1&b=2', 'pic.twitter.com/AbC', 't.co/x', '\n', '<b>', '&amp;', '"', "'", ' — '),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const anyTweet = fc
  .record({
    text: anyText,
    authorName: fc.string({ unit: 'grapheme', maxLength: 30 }),
    handle,
    date: day.map((d) => d.iso),
    statusId: fc.option(fc.bigInt({ min: 30_000_000_000n, max: 2n ** 63n - 1n })),
    lang: fc.constantFrom('ar', 'en', 'he', 'fa', 'fr'),
    dir: fc.constantFrom('ltr' as const, 'rtl' as const),
  })
  .map(
    ({ statusId, ...t }): Tweet =>
      makeTweet({ ...t, statusUrl: statusId === null ? null : `https://twitter.com/${t.handle}/status/${statusId}`, media: ['https://t.co/AbC'] }),
  );
const article = fc.constantFrom({ lang: 'ar', dir: 'rtl' as const }, { lang: 'en', dir: 'ltr' as const }, { lang: 'fr', dir: 'ltr' as const });

describe('render properties', () => {
  it('never throws, keeps the quote text visible as written, and emits only plain markup', () => {
    fc.assert(
      fc.property(fc.array(anyTweet, { minLength: 1, maxLength: 4 }), article, (tweets, ctx) => {
        tweets.forEach((tweet, i) => {
          const html = renderCitationHtml(tweet, i + 1, ctx);
          const isolated = tweet.dir === ctx.dir ? tweet.text : `${tweet.dir === 'rtl' ? RLI : LRI}${tweet.text}${PDI}`;
          expect(visibleQuote(html)).toBe(isolated);
          expectPlainMarkup(html, 'blockquote');
          expect(renderCitationText(tweet, i + 1, ctx).startsWith(`${isolated}\n— `)).toBe(true);
        });
        expectPlainMarkup(renderSourcesHtml(tweets, ctx), 'section');
        expect(renderSourcesText(tweets, ctx).split('\n')).toHaveLength(tweets.length + 1);
      }),
      { numRuns: 300 },
    );
  });
});

function expectPlainMarkup(html: string, root: string) {
  const top = parseDocument(html).children;
  expect(top.map((n) => ('name' in n ? n.name : n.type))).toEqual([root]);
  for (const el of DomUtils.findAll(() => true, top)) {
    expect(['blockquote', 'p', 'a', 'br', 'footer', 'time', 'section', 'h2', 'ol', 'li']).toContain(el.name);
    for (const attribute of Object.keys(el.attribs)) expect(['cite', 'lang', 'dir', 'id', 'href', 'datetime', 'aria-label']).toContain(attribute);
  }
}

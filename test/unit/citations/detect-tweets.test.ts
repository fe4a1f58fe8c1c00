import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Detected, detectPlainTweets, type SourceUnit } from '../../../src/citations/detect-tweets';

// Each line of a plain-text export is one unit; line numbers are 1-based.
const unitsOf = (lines: string[], firstLine = 1): SourceUnit[] => lines.map((text, i) => ({ text, line: firstLine + i }));

function detect(units: SourceUnit[], articleLang = 'ar') {
  const warnings: [number, string][] = [];
  const found = detectPlainTweets(units, { articleLang, warn: (line, message) => warnings.push([line, message]) });
  return { found, warnings, tweets: found.flatMap((d) => (d.kind === 'tweet' ? [d] : [])) };
}

const shape = (found: Detected[]) => found.map((d) => (d.kind === 'keep' ? d.index : d.indexes));

describe('detectPlainTweets on the real article', () => {
  const seed = readFileSync(new URL('../../fixtures/seed-article.txt', import.meta.url), 'utf8').split('\n');
  const { found, warnings, tweets } = detect(unitsOf(seed));

  it('finds exactly its three tweets, keeps every other line, and warns about nothing', () => {
    expect(shape(found)).toEqual([0, 1, [2, 3], 4, 5, 6, [7, 8], 9, 10, 11, 12, 13, 14, [15, 16], 17]);
    expect(warnings).toEqual([]);
  });

  it('reads an Arabic tweet with a hashtag and a picture', () => {
    expect(tweets[0]).toEqual({
      kind: 'tweet',
      line: 3,
      indexes: [2, 3],
      tweet: {
        text: '#سوريا إستمرار الاشتباكات في محيط سجن غويران في الحسكة السورية بين عناصر د١عش وقوات سوريا الديمقراطية المدعومة أمريكياً. pic.twitter.com/i7asX0525C',
        authorName: 'Mustafa AL Dulaimi',
        handle: 'Mustafa5g4d2k8u',
        date: '2022-01-21',
        time: null,
        statusUrl: null,
        media: ['https://t.co/i7asX0525C'],
        lang: 'ar',
        dir: 'rtl',
      },
    });
  });

  it('reads a second Arabic tweet', () => {
    expect(tweets[1]).toEqual({
      kind: 'tweet',
      line: 8,
      indexes: [7, 8],
      tweet: {
        text: 'هجوم تنظيم الدولة على سجن غويران بالحسكة السورية هو الاعنف للتنظيم منذ سنوات باعتقادي. الهجوم استمر ساعات pic.twitter.com/sRFnMHOkDB',
        authorName: 'Hanzala',
        handle: 'Hanzpal2',
        date: '2022-01-21',
        time: null,
        statusUrl: null,
        media: ['https://t.co/sRFnMHOkDB'],
        lang: 'ar',
        dir: 'rtl',
      },
    });
  });

  it('reads an English tweet with Arabic hashtags as English, left to right', () => {
    expect(tweets[2]).toEqual({
      kind: 'tweet',
      line: 16,
      indexes: [15, 16],
      tweet: {
        text: '#Isis #Syria #Iraq : Mass breakout attempt by Isis in one of largest prisons holding its members in al-Hasakeh in north-eastern Syria leaves 18 SDF security forces dead, at least 16 Isis members too #ٱلْحَسَكَة #سُورِيَا pic.twitter.com/fua89uC5wV',
        authorName: 'sebastian usher',
        handle: 'sebusher',
        date: '2022-01-21',
        time: null,
        statusUrl: null,
        media: ['https://t.co/fua89uC5wV'],
        lang: 'en',
        dir: 'ltr',
      },
    });
  });
});

describe('detectPlainTweets forms', () => {
  it('reads the glued form, where the attribution follows the text on its line', () => {
    const { found, warnings } = detect(unitsOf(['Before.', 'Snow in Damascus pic.twitter.com/ipo1MhDmNI— Jane Doe (@jane_doe) February 5, 2018', 'After.']));
    expect(warnings).toEqual([]);
    expect(found).toEqual([
      { kind: 'keep', index: 0 },
      {
        kind: 'tweet',
        line: 2,
        indexes: [1],
        tweet: {
          text: 'Snow in Damascus pic.twitter.com/ipo1MhDmNI',
          authorName: 'Jane Doe',
          handle: 'jane_doe',
          date: '2018-02-05',
          time: null,
          statusUrl: null,
          media: ['https://t.co/ipo1MhDmNI'],
          lang: 'en',
          dir: 'ltr',
        },
      },
      { kind: 'keep', index: 2 },
    ]);
  });

  it.each([
    ['em dash', '— Jane Doe (@jane_doe) January 21, 2022'],
    ['&mdash;', '&mdash; Jane Doe (@jane_doe) January 21, 2022'],
    ['--', '-- Jane Doe (@jane_doe) January 21, 2022'],
    ['leading spaces and no space after the dash', '   —Jane Doe (@jane_doe) January 21, 2022  '],
  ])('accepts an attribution introduced by %s', (_, attribution) => {
    const { found, warnings } = detect(unitsOf(['Good morning', attribution]));
    expect(warnings).toEqual([]);
    expect(shape(found)).toEqual([[0, 1]]);
    expect(found[0]).toMatchObject({ tweet: { text: 'Good morning', authorName: 'Jane Doe', handle: 'jane_doe', date: '2022-01-21' } });
  });

  it('reads an attribution behind an invisible right-to-left mark', () => {
    const { found, warnings } = detect(unitsOf(['نص', '\u200f— سارة (@sara) \u200f21 يناير 2022\u200f']));
    expect(warnings).toEqual([]);
    expect(found).toMatchObject([{ indexes: [0, 1], tweet: { text: 'نص', authorName: 'سارة', date: '2022-01-21' } }]);
  });

  it('starts the attribution at the last dash, so a glued tweet may open with a dash', () => {
    const { tweets } = detect(unitsOf(['Before.', '— Breaking — news—Jane (@jane) Jan 21, 2022']));
    expect(tweets.map((t) => [t.indexes, t.tweet.text, t.tweet.authorName])).toEqual([[[1], '— Breaking — news', 'Jane']]);
  });

  it('takes the last (@handle), so names may hold parentheses and emoji', () => {
    const { tweets } = detect(unitsOf(['صباح الخير', '— أحمد (أبو علي) 🇸🇾 (Ahmed) (@ahmed_99) Jan 21, 2022']));
    expect(tweets.map((t) => [t.tweet.authorName, t.tweet.handle])).toEqual([['أحمد (أبو علي) 🇸🇾 (Ahmed)', 'ahmed_99']]);
  });

  it.each([
    ['٢١ يناير ٢٠٢٢', '2022-01-21'],
    ['21 يناير 2022', '2022-01-21'],
    ['٢١ كانون الثاني ٢٠٢٢', '2022-01-21'],
    ['3 آذار 2021', '2021-03-03'],
    ['٥ ابريل ٢٠٢٠', '2020-04-05'],
    ['30 يونية 2019', '2019-06-30'],
    ['1 تشرين الأول 2023', '2023-10-01'],
    ['Jan 21, 2022', '2022-01-21'],
    ['21 January 2022', '2022-01-21'],
    ['Sept 9, 2021', '2021-09-09'],
  ])('reads the date %s', (written, iso) => {
    const { tweets, warnings } = detect(unitsOf(['نص التغريدة', `— سارة (@sara) ${written}`]));
    expect(warnings).toEqual([]);
    expect(tweets.map((t) => t.tweet.date)).toEqual([iso]);
  });

  it('takes the text from the lines above the attribution in the same (Markdown) paragraph', () => {
    const { found } = detect([
      { text: 'Earlier paragraph.', line: 4 },
      { text: 'First line\nsecond line @friend https://example.org/a.\n— Jane Doe (@jane_doe) Jan 21, 2022', line: 6 },
    ]);
    expect(found).toEqual([
      { kind: 'keep', index: 0 },
      {
        kind: 'tweet',
        line: 6,
        indexes: [1],
        tweet: {
          text: 'First line\nsecond line @friend https://example.org/a.',
          authorName: 'Jane Doe',
          handle: 'jane_doe',
          date: '2022-01-21',
          time: null,
          statusUrl: null,
          media: [],
          lang: 'en',
          dir: 'ltr',
        },
      },
    ]);
  });

  it('keeps the glued form on the last line of a multi-line paragraph', () => {
    const { tweets } = detect(unitsOf(['line one\nline two t.co/AbC123— Jane (@jane) Jan 21, 2022']));
    expect(tweets.map((t) => [t.tweet.text, t.tweet.media])).toEqual([['line one\nline two t.co/AbC123', ['https://t.co/AbC123']]]);
  });

  it('finds consecutive tweets, and an attribution never takes another attribution as its text', () => {
    const { found, warnings } = detect(unitsOf(['one', '— A (@a) Jan 1, 2022', 'two— B (@b) Jan 2, 2022', '— C (@c) Jan 3, 2022']));
    expect(shape(found)).toEqual([[0, 1], [2], 3]);
    expect(warnings).toEqual([[4, 'tweet attribution without tweet text before it']]);
  });

  it.each([
    ['Hebrew', 'שלום לכולם', 'ar', 'he', 'rtl'],
    ['Latin in a French article', 'Bonjour à tous', 'fr', 'fr', 'ltr'],
    ['Arabic script in a Persian article', 'سلام به همه', 'fa', 'fa', 'rtl'],
    ['Arabic in an English article', 'مرحبا بالجميع', 'en', 'ar', 'rtl'],
    ['Latin in an Arabic article, links and tags aside', '#سوريا #حلب good news @x https://example.org/عربي', 'ar', 'en', 'ltr'],
    ['nothing to decide by', '🙂 123 pic.twitter.com/abc', 'ar', 'ar', 'rtl'],
    ['nothing to decide by in English', '🙂 123', 'en', 'en', 'ltr'],
  ])('detects the language: %s', (_, text, articleLang, lang, dir) => {
    const { tweets } = detect(unitsOf([text, '— X (@x) Jan 21, 2022']), articleLang);
    expect(tweets.map((t) => [t.tweet.lang, t.tweet.dir])).toEqual([[lang, dir]]);
  });
});

describe('detectPlainTweets on bad input', () => {
  it('keeps an attribution without text and says so', () => {
    const { found, warnings } = detect(unitsOf(['— Jane Doe (@jane_doe) January 21, 2022', 'Next.']));
    expect(found).toEqual([
      { kind: 'keep', index: 0 },
      { kind: 'keep', index: 1 },
    ]);
    expect(warnings).toEqual([[1, 'tweet attribution without tweet text before it']]);
  });

  it('keeps an attribution whose date cannot be read, and its text', () => {
    const { found, warnings } = detect(unitsOf(['Photo pic.twitter.com/abc', '— Jane Doe (@jane_doe) Janvier 21, 2022']));
    expect(shape(found)).toEqual([0, 1]);
    expect(warnings).toEqual([[2, 'tweet attribution date cannot be read: "Janvier 21, 2022" (expected e.g. January 21, 2022 or 21 يناير 2022)']]);
  });

  it.each([
    [
      '2022-02-30 does not exist',
      '— Jane (@jane) February 30, 2022',
      'tweet attribution date cannot be read: "February 30, 2022" (expected e.g. January 21, 2022 or 21 يناير 2022)',
    ],
    ['no date at all', '— Jane (@jane)', 'tweet attribution has no date after (@handle)'],
    [
      'words after the date',
      '— Jane (@jane) January 21, 2022 via web',
      'tweet attribution date cannot be read: "January 21, 2022 via web" (expected e.g. January 21, 2022 or 21 يناير 2022)',
    ],
    ['a hyphen in the handle', '— Jane (@bad-handle) January 21, 2022', 'tweet attribution has an invalid handle "@bad-handle" (1–15 letters, digits or _)'],
    ['16 characters', '— Jane (@abcdefghijklmnop) January 21, 2022', 'tweet attribution has an invalid handle "@abcdefghijklmnop" (1–15 letters, digits or _)'],
    ['an empty handle', '— Jane (@) January 21, 2022', 'tweet attribution has an invalid handle "@" (1–15 letters, digits or _)'],
    [
      'a glued form with a bad handle',
      'text— Jane (@jane.doe) January 21, 2022',
      'tweet attribution has an invalid handle "@jane.doe" (1–15 letters, digits or _)',
    ],
  ])('keeps a malformed attribution: %s', (_, attribution, message) => {
    const { found, warnings } = detect(unitsOf(['Some words', attribution]));
    expect(shape(found)).toEqual([0, 1]);
    expect(warnings).toEqual([[2, message]]);
  });

  it('warns about a pic.twitter.com link with no attribution after it, and keeps the paragraph', () => {
    const { found, warnings } = detect(unitsOf(['Intro.', 'A photo\nof the prison pic.twitter.com/i7asX0525C', 'More text.']));
    expect(shape(found)).toEqual([0, 1, 2]);
    expect(warnings).toEqual([[3, 'pic.twitter.com link without an attribution line (— Name (@handle) Date); kept as a paragraph']]);
  });

  it('warns about an attribution in the middle of a paragraph', () => {
    const { found, warnings } = detect(unitsOf(['Words\n— Jane (@jane) Jan 21, 2022\nmore words']));
    expect(shape(found)).toEqual([0]);
    expect(warnings).toEqual([[2, 'tweet attribution must be the last line of its paragraph']]);
  });

  it.each([
    'قال الوزير — وهو (أحمد علي) — إن الوضع مستقر.',
    'The report — published (in part) yesterday — says the prison held 3,500 (@ least) people.',
    'See — (@nashra) for updates',
    'He wrote — Jane (@jane) — on January 21, 2022 that it had begun.',
    'Text — Jane (@jane)',
    'Ten years (2012–2022) — a timeline (@archive) 2022',
  ])('leaves an ordinary line alone, without a warning: %s', (line) => {
    const { found, warnings } = detect(unitsOf(['Before.', line]));
    expect(shape(found)).toEqual([0, 1]);
    expect(warnings).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { isEmbedScript, parseEmbedTweet } from '../../../src/citations/parse-embed';
import { tweetTimeFromId } from '../../../src/citations/snowflake';

const ctx = { articleLang: 'ar' };
const SCRIPT = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>';

// The code Twitter's "Embed post" gives, with its query strings and entities.
const ARABIC_EMBED =
  '<blockquote class="twitter-tweet tw-align-center" data-lang="en" data-theme="dark" data-dnt="true">' +
  '<p lang="ar" dir="rtl">اشتباكات في <a href="https://twitter.com/hashtag/%D8%A7%D9%84%D8%AD%D8%B3%D9%83%D8%A9?src=hash&amp;ref_src=twsrc%5Etfw">#الحسكة</a> مع ' +
  '<a href="https://twitter.com/SDFpress?ref_src=twsrc%5Etfw">@SDFpress</a><br>سطر &amp; آخر <a href="https://t.co/i7asX0525C">pic.twitter.com/i7asX0525C</a></p>' +
  '&mdash; Mustafa AL Dulaimi (@Mustafa5g4d2k8u) <a href="https://twitter.com/Mustafa5g4d2k8u/status/1484561839458828291?ref_src=twsrc%5Etfw">January 21, 2022</a></blockquote> ' +
  SCRIPT;

describe('parseEmbedTweet', () => {
  it('reads a twitter.com embed with data attributes, a class list and the widgets script after it', () => {
    expect(parseEmbedTweet(ARABIC_EMBED, ctx)).toEqual({
      tweet: {
        text: 'اشتباكات في #الحسكة مع @SDFpress\nسطر & آخر pic.twitter.com/i7asX0525C',
        authorName: 'Mustafa AL Dulaimi',
        handle: 'Mustafa5g4d2k8u',
        date: '2022-01-21',
        time: '2022-01-21T16:21:39.009Z',
        statusUrl: 'https://twitter.com/Mustafa5g4d2k8u/status/1484561839458828291',
        media: ['https://t.co/i7asX0525C'],
        lang: 'ar',
        dir: 'rtl',
      },
    });
  });

  it('reads an x.com embed without data attributes or p attributes, detecting the language', () => {
    const html =
      '<blockquote class="twitter-tweet">\n  <p>Mass breakout attempt\n   in <a href="https://x.com/hashtag/Syria?src=hash">#Syria</a> ' +
      '<a href="https://t.co/Lk1">https://t.co/Lk1</a></p>\n  &mdash; sebastian usher (@sebusher)\n  ' +
      '<a href="https://x.com/sebusher/status/1484561839458828291">Jan 21, 2022</a>\n</blockquote>';
    expect(parseEmbedTweet(html, ctx)).toEqual({
      tweet: {
        text: 'Mass breakout attempt in #Syria https://t.co/Lk1',
        authorName: 'sebastian usher',
        handle: 'sebusher',
        date: '2022-01-21',
        time: '2022-01-21T16:21:39.009Z',
        statusUrl: 'https://x.com/sebusher/status/1484561839458828291',
        media: ['https://t.co/Lk1'],
        lang: 'en',
        dir: 'ltr',
      },
    });
  });

  it('reads a mobile.twitter.com link, a name with parentheses and emoji, and an undetermined p lang', () => {
    const html =
      '<blockquote class="twitter-tweet" data-conversation="none"><p lang="und" dir="ltr">🙂 <a href="https://t.co/q">pic.twitter.com/q</a></p>' +
      '— أحمد (أبو علي) 🇸🇾 (@ahmed_99) <a href="https://mobile.twitter.com/ahmed_99/status/1484561839458828291">٢١ يناير ٢٠٢٢</a></blockquote>';
    expect(parseEmbedTweet(html, ctx)).toMatchObject({
      tweet: {
        text: '🙂 pic.twitter.com/q',
        authorName: 'أحمد (أبو علي) 🇸🇾',
        handle: 'ahmed_99',
        date: '2022-01-21',
        statusUrl: 'https://twitter.com/ahmed_99/status/1484561839458828291',
        lang: 'ar',
        dir: 'ltr',
      },
    });
  });

  it('keeps the status URL as the source gave it, over https, and warns when it names another account', () => {
    const html = (href: string) =>
      `<blockquote class="twitter-tweet"><p lang="en">Hello</p>&mdash; Jane (@jane) <a href="${href}">January 21, 2022</a></blockquote>`;
    expect(parseEmbedTweet(html('http://www.X.com/#!/Jane/statuses/1484561839458828291?s=20'), ctx)).toEqual({
      tweet: expect.objectContaining({ handle: 'jane', statusUrl: 'https://x.com/Jane/status/1484561839458828291' }),
    });
    expect(parseEmbedTweet(html('https://twitter.com/someone_else/status/1484561839458828291'), ctx)).toEqual({
      tweet: expect.objectContaining({ handle: 'jane', statusUrl: 'https://twitter.com/someone_else/status/1484561839458828291' }),
      warning: 'embedded tweet is attributed to @jane but links a post of @someone_else: the link is kept as given',
    });
  });

  it('takes the UTC date of the status id when the link text is not a date', () => {
    const html =
      '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Hello</p>&mdash; Jane (@jane) ' +
      '<a href="https://twitter.com/jane/status/1484561839458828291">21. Januar 2022</a></blockquote>';
    expect(parseEmbedTweet(html, ctx)).toMatchObject({ tweet: { date: '2022-01-21', time: '2022-01-21T16:21:39.009Z' } });
  });

  it('gives no time for a sequential id from before snowflake ids (2006)', () => {
    const html =
      '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) ' +
      '<a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>';
    expect(parseEmbedTweet(html, ctx)).toMatchObject({
      tweet: { date: '2006-03-21', time: null, statusUrl: 'https://twitter.com/jack/status/20', lang: 'en' },
    });
  });

  it('has no time or status URL without a status link, and then needs a readable date', () => {
    const html = '<blockquote class="twitter-tweet"><p lang="en">Hello</p>&mdash; Jane (@jane) January 21, 2022</blockquote>';
    expect(parseEmbedTweet(html, ctx)).toMatchObject({ tweet: { date: '2022-01-21', time: null, statusUrl: null, dir: 'ltr' } });
    expect(parseEmbedTweet(html.replace('January 21, 2022', 'yesterday'), ctx)).toEqual({
      error: 'embedded tweet date cannot be read: "yesterday"',
    });
  });

  it.each([
    [
      'no attribution',
      '<blockquote class="twitter-tweet"><p lang="en">Hello</p><a href="https://twitter.com/jane/status/1484561839458828291">January 21, 2022</a></blockquote>',
      'embedded tweet has no attribution (&mdash; Name (@handle)) after its <p>',
    ],
    [
      'no <p>',
      '<blockquote class="twitter-tweet">Hello &mdash; Jane (@jane) <a href="https://twitter.com/jane/status/1484561839458828291">January 21, 2022</a></blockquote>',
      'embedded tweet has no <p> holding its text',
    ],
    [
      'an invalid handle',
      '<blockquote class="twitter-tweet"><p>Hello</p>&mdash; Jane (@jane-doe) <a href="https://twitter.com/jane/status/1484561839458828291">January 21, 2022</a></blockquote>',
      'embedded tweet has an invalid handle "@jane-doe" (1–15 letters, digits or _)',
    ],
    ['an empty <p>', '<blockquote class="twitter-tweet"><p> <br> </p>&mdash; Jane (@jane) January 21, 2022</blockquote>', 'embedded tweet has an empty <p>'],
    [
      'another blockquote',
      '<blockquote><p>Hello</p>&mdash; Jane (@jane) January 21, 2022</blockquote>',
      'expected one <blockquote class="twitter-tweet"> and nothing else',
    ],
    [
      'markup beside the embed',
      '<p>Intro</p><blockquote class="twitter-tweet"><p>Hello</p>&mdash; Jane (@jane) January 21, 2022</blockquote>',
      'expected one <blockquote class="twitter-tweet"> and nothing else',
    ],
  ])('returns an error for %s', (_, html, error) => {
    expect(parseEmbedTweet(html, ctx)).toEqual({ error });
  });
});

describe('isEmbedScript', () => {
  it.each([
    SCRIPT,
    '  <script charset="utf-8" src="https://platform.twitter.com/widgets.js" async></script>\n',
    '<SCRIPT async="" src = "//platform.twitter.com/widgets.js"></SCRIPT>',
  ])('recognises %s', (html) => {
    expect(isEmbedScript(html)).toBe(true);
  });

  it.each([
    '<script async src="https://evil.example/widgets.js"></script>',
    '<script src="https://platform.twitter.com/widgets.js">alert(1)</script>',
    `${SCRIPT}<p>more</p>`,
    '<script async></script>',
    '',
  ])('rejects %j', (html) => {
    expect(isEmbedScript(html)).toBe(false);
  });
});

describe('a status id is a 64-bit snowflake', () => {
  const embed = (id: string) =>
    `<blockquote class="twitter-tweet"><p lang="en">Hello</p>&mdash; Jane (@jane) <a href="https://twitter.com/jane/status/${id}">January 21, 2022</a></blockquote>`;

  it('reads the largest one, 2^63 - 1, as an instant with a four-digit year', () => {
    expect(parseEmbedTweet(embed('9223372036854775807'), ctx)).toMatchObject({ tweet: { time: '2080-07-10T17:30:30.208Z', date: '2022-01-21' } });
  });

  // 23 digits made an invalid Date (RangeError); 20 to 22 published years such as 2766 or +085957.
  it.each(['9223372036854775808', '99999999999999999999', '1'.repeat(23), '9'.repeat(23), '1'.repeat(400)])('refuses %s', (id) => {
    expect(parseEmbedTweet(embed(id), ctx)).toEqual({
      error: `embedded tweet links status ${id}, which is not a tweet id (a 64-bit number, at most 9223372036854775807)`,
    });
  });
});

describe('tweetTimeFromId', () => {
  it('reads the instant from a snowflake id', () => {
    // (1484561839458828291 >> 22) + 1288834974657 = 1642782099009 ms
    expect(tweetTimeFromId('1484561839458828291')).toBe('2022-01-21T16:21:39.009Z');
    // (960596478534094848 >> 22) + 1288834974657 = 1517859022159 ms
    expect(tweetTimeFromId('960596478534094848')).toBe('2018-02-05T19:30:22.159Z');
  });
});

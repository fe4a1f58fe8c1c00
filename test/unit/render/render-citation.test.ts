import { formatDate } from '../../../src/render/format-date';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  archiveUrl,
  citationJson,
  relatedUrl,
  renderCitationHtml,
  renderCitationText,
  renderSourcesHtml,
  renderSourcesText,
} from '../../../src/render/render-citation';
import { FSI, LRI, makeTweet, PDI, RLI, visibleQuote } from '../../support/make-tweet';

const AR = { lang: 'ar', dir: 'rtl' } as const;
const EN = { lang: 'en', dir: 'ltr' } as const;

const english = () =>
  makeTweet({
    text: '#Isis #Syria : breakout in al-Hasakeh #ٱلْحَسَكَة pic.twitter.com/fua89uC5wV',
    authorName: 'sebastian usher',
    handle: 'sebusher',
    media: ['https://t.co/fua89uC5wV'],
  });
const arabic = () =>
  makeTweet({
    text: 'الهجوم استمر ساعات\nمع @Hanzpal2 pic.twitter.com/sRFnMHOkDB',
    authorName: 'Hanzala',
    handle: 'Hanzpal2',
    media: ['https://t.co/sRFnMHOkDB'],
    lang: 'ar',
    dir: 'rtl',
  });
const embedded = () =>
  makeTweet({
    time: '2022-01-21T16:21:39.009Z',
    statusUrl: 'https://twitter.com/jane_doe/status/1484561839458828291',
    text: 'See https://example.org/report',
  });

const DAY_SEARCH = (handle: string) => `https://twitter.com/search?q=from%3A${handle}%20since%3A2022-01-21%20until%3A2022-01-22&amp;f=live`;

describe('renderCitationHtml', () => {
  it('renders an English tweet in an Arabic article, isolated left to right', () => {
    expect(renderCitationHtml(english(), 3, AR)).toBe(
      '<blockquote cite="https://twitter.com/sebusher" lang="en" dir="ltr" id="cite-3"><p>' +
        LRI +
        '<a href="https://twitter.com/hashtag/Isis">#Isis</a> <a href="https://twitter.com/hashtag/Syria">#Syria</a> : breakout in al-Hasakeh ' +
        '<a href="https://twitter.com/hashtag/%D9%B1%D9%84%D9%92%D8%AD%D9%8E%D8%B3%D9%8E%D9%83%D9%8E%D8%A9">#ٱلْحَسَكَة</a> ' +
        '<a href="https://t.co/fua89uC5wV">pic.twitter.com/fua89uC5wV</a>' +
        PDI +
        '</p><footer lang="ar" dir="rtl"><a href="#source-3">[3]</a> — ' +
        `${FSI}sebastian usher${PDI} <a href="https://twitter.com/sebusher">${LRI}@sebusher${PDI}</a>` +
        ' · <time datetime="2022-01-21">21 يناير 2022</time>' +
        ' · <a href="https://t.co/fua89uC5wV">صورة</a>' +
        ` · <a href="${DAY_SEARCH('sebusher')}">تغريدات ذلك اليوم</a>` +
        ' · <a href="https://web.archive.org/web/2022/https://twitter.com/sebusher">نسخة مؤرشفة</a>' +
        '</footer></blockquote>',
    );
  });

  it('renders an Arabic tweet in an Arabic article without isolates, line breaks as <br>', () => {
    expect(renderCitationHtml(arabic(), 2, AR)).toBe(
      '<blockquote cite="https://twitter.com/Hanzpal2" lang="ar" dir="rtl" id="cite-2"><p>' +
        'الهجوم استمر ساعات<br>\nمع <a href="https://twitter.com/Hanzpal2">@Hanzpal2</a> ' +
        '<a href="https://t.co/sRFnMHOkDB">pic.twitter.com/sRFnMHOkDB</a>' +
        '</p><footer lang="ar" dir="rtl"><a href="#source-2">[2]</a> — ' +
        `${FSI}Hanzala${PDI} <a href="https://twitter.com/Hanzpal2">${LRI}@Hanzpal2${PDI}</a>` +
        ' · <time datetime="2022-01-21">21 يناير 2022</time>' +
        ' · <a href="https://t.co/sRFnMHOkDB">صورة</a>' +
        ` · <a href="${DAY_SEARCH('Hanzpal2')}">تغريدات ذلك اليوم</a>` +
        ' · <a href="https://web.archive.org/web/2022/https://twitter.com/Hanzpal2">نسخة مؤرشفة</a>' +
        '</footer></blockquote>',
    );
  });

  it('links the post itself when its address is known, and isolates an Arabic tweet in an English article', () => {
    expect(renderCitationHtml(embedded(), 1, EN)).toBe(
      '<blockquote cite="https://twitter.com/jane_doe/status/1484561839458828291" lang="en" dir="ltr" id="cite-1">' +
        '<p>See <a href="https://example.org/report">https://example.org/report</a></p>' +
        '<footer lang="en" dir="ltr"><a href="#source-1">[1]</a> — ' +
        `${FSI}Jane Doe${PDI} <a href="https://twitter.com/jane_doe">${LRI}@jane_doe${PDI}</a>` +
        ' · <time datetime="2022-01-21T16:21:39.009Z">January 21, 2022</time>' +
        ' · <a href="https://twitter.com/jane_doe/status/1484561839458828291">View post</a>' +
        ' · <a href="https://web.archive.org/web/2022/https://twitter.com/jane_doe/status/1484561839458828291">Archived copy</a>' +
        '</footer></blockquote>',
    );
    expect(renderCitationHtml(arabic(), 1, EN)).toContain(`<p>${RLI}الهجوم`);
  });

  it('numbers several photos', () => {
    const html = renderCitationHtml(makeTweet({ media: ['https://t.co/a', 'https://t.co/b'] }), 1, EN);
    expect(html).toContain(' · <a href="https://t.co/a">Photo 1</a> · <a href="https://t.co/b">Photo 2</a> · ');
  });

  it('keeps the visible text of the quote exactly the tweet text', () => {
    for (const tweet of [english(), arabic(), embedded()]) {
      expect(visibleQuote(renderCitationHtml(tweet, 1, EN))).toBe(tweet.dir === 'ltr' ? tweet.text : `${RLI}${tweet.text}${PDI}`);
      expect(visibleQuote(renderCitationHtml(tweet, 1, AR))).toBe(tweet.dir === 'rtl' ? tweet.text : `${LRI}${tweet.text}${PDI}`);
    }
  });

  it('escapes markup and quotes in the name and the text', () => {
    const tweet = makeTweet({
      text: '<script>alert("x")</script> & \'quoted\' https://example.org/?a=1&b="2"',
      authorName: '"><script>alert(1)</script>',
    });
    const html = renderCitationHtml(tweet, 1, EN);
    expect(html).toContain(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; <a href="https://example.org/?a=1&amp;b=">https://example.org/?a=1&amp;b=</a>&quot;2&quot;</p>',
    );
    expect(html).toContain(`— ${FSI}&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;${PDI} <a`);
    expect(visibleQuote(html)).toBe(tweet.text);
    expect(DomUtils.findAll((el) => el.name === 'script', parseDocument(html).children)).toEqual([]);
  });
});

describe('renderSourcesHtml', () => {
  it('lists each tweet with its links and a way back, numbered in order', () => {
    expect(renderSourcesHtml([arabic(), embedded()], AR)).toBe(
      '<section id="sources"><h2>المصادر</h2><ol>' +
        `<li id="source-1">${FSI}Hanzala${PDI} <a href="https://twitter.com/Hanzpal2">${LRI}@Hanzpal2${PDI}</a>` +
        ' · <time datetime="2022-01-21">21 يناير 2022</time>' +
        ` · <a href="${DAY_SEARCH('Hanzpal2')}">تغريدات ذلك اليوم</a>` +
        ' · <a href="https://web.archive.org/web/2022/https://twitter.com/Hanzpal2">نسخة مؤرشفة</a>' +
        ' <a href="#cite-1" aria-label="رجوع">↩</a></li>' +
        `<li id="source-2">${FSI}Jane Doe${PDI} <a href="https://twitter.com/jane_doe">${LRI}@jane_doe${PDI}</a>` +
        ' · <time datetime="2022-01-21T16:21:39.009Z">21 يناير 2022</time>' +
        ' · <a href="https://twitter.com/jane_doe/status/1484561839458828291">عرض التغريدة</a>' +
        ' · <a href="https://web.archive.org/web/2022/https://twitter.com/jane_doe/status/1484561839458828291">نسخة مؤرشفة</a>' +
        ' <a href="#cite-2" aria-label="رجوع">↩</a></li>' +
        '</ol></section>',
    );
  });

  it('is empty without tweets', () => {
    expect(renderSourcesHtml([], AR)).toBe('');
    expect(renderSourcesText([], AR)).toBe('');
  });

  it('falls back to English labels and ISO dates for other languages', () => {
    expect(renderSourcesHtml([makeTweet()], { lang: 'fr', dir: 'ltr' })).toBe(
      '<section id="sources"><h2>Sources</h2><ol>' +
        `<li id="source-1">${FSI}Jane Doe${PDI} <a href="https://twitter.com/jane_doe">${LRI}@jane_doe${PDI}</a>` +
        ' · <time datetime="2022-01-21">2022-01-21</time>' +
        ` · <a href="${DAY_SEARCH('jane_doe')}">Posts from that day</a>` +
        ' · <a href="https://web.archive.org/web/2022/https://twitter.com/jane_doe">Archived copy</a>' +
        ' <a href="#cite-1" aria-label="Back to the quote">↩</a></li></ol></section>',
    );
  });
});

describe('text forms', () => {
  it('renders a citation as the quote and an attribution line', () => {
    expect(renderCitationText(english(), 3, AR)).toBe(
      `${LRI}#Isis #Syria : breakout in al-Hasakeh #ٱلْحَسَكَة pic.twitter.com/fua89uC5wV${PDI}\n` +
        `— ${FSI}sebastian usher${PDI} (${LRI}@sebusher${PDI}), 21 يناير 2022 [3]`,
    );
    expect(renderCitationText(embedded(), 1, EN)).toBe(`See https://example.org/report\n— ${FSI}Jane Doe${PDI} (${LRI}@jane_doe${PDI}), January 21, 2022 [1]`);
  });

  it('renders the sources as a heading and one line per tweet', () => {
    expect(renderSourcesText([arabic(), embedded()], EN)).toBe(
      'Sources\n' +
        `1. ${FSI}Hanzala${PDI} (${LRI}@Hanzpal2${PDI}) — January 21, 2022 — https://twitter.com/Hanzpal2 — https://web.archive.org/web/2022/https://twitter.com/Hanzpal2\n` +
        `2. ${FSI}Jane Doe${PDI} (${LRI}@jane_doe${PDI}) — January 21, 2022 — https://twitter.com/jane_doe/status/1484561839458828291 — https://web.archive.org/web/2022/https://twitter.com/jane_doe/status/1484561839458828291`,
    );
  });
});

describe('citation data', () => {
  it('gives the JSON Feed _citations entry', () => {
    expect(citationJson(arabic())).toEqual({
      author_name: 'Hanzala',
      handle: 'Hanzpal2',
      profile_url: 'https://twitter.com/Hanzpal2',
      status_url: null,
      date: '2022-01-21',
      time: null,
      text: 'الهجوم استمر ساعات\nمع @Hanzpal2 pic.twitter.com/sRFnMHOkDB',
      language: 'ar',
      direction: 'rtl',
      media: ['https://t.co/sRFnMHOkDB'],
      archive_url: 'https://web.archive.org/web/2022/https://twitter.com/Hanzpal2',
    });
  });

  it('relates a tweet to its status, else its author', () => {
    expect(relatedUrl(embedded())).toBe('https://twitter.com/jane_doe/status/1484561839458828291');
    expect(relatedUrl(arabic())).toBe('https://twitter.com/Hanzpal2');
    expect(archiveUrl(makeTweet({ date: '2019-12-31' }))).toBe('https://web.archive.org/web/2019/https://twitter.com/jane_doe');
  });

  it.each([
    ['2022-01-21', 'ar', '21 يناير 2022'],
    ['2022-12-05', 'ar-EG', '5 ديسمبر 2022'],
    ['2022-01-21', 'en', 'January 21, 2022'],
    ['2021-09-09', 'en-GB', 'September 9, 2021'],
    ['2022-01-21', 'fa', '2022-01-21'],
    ['2022-01-21', 'not a tag', '2022-01-21'],
  ])('writes %s in %s as %s', (date, lang, written) => {
    expect(formatDate(date, lang)).toBe(written);
  });
});

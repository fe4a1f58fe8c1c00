import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

// The bundled article's three embedded tweets, as each format carries them, from the running Worker.
const get = async (path: string) => (await exports.default.fetch(new Request(`https://nashra.example.com${path}`))).text();
const ARTICLE = 'https://nashra.example.com/articles/hasakah-ghwayran-prison-attack';
const HANDLES = ['Mustafa5g4d2k8u', 'Hanzpal2', 'sebusher'];
const MEDIA = ['https://t.co/i7asX0525C', 'https://t.co/sRFnMHOkDB', 'https://t.co/fua89uC5wV'];

/** The citations in a piece of HTML: number, profile link, date and media link of each. */
function citations(html: string) {
  return [...html.matchAll(/<blockquote cite="([^"]*)" lang="(\w+)" dir="(\w+)" id="cite-(\d)">([\s\S]*?)<\/blockquote>/g)].map((m) => ({
    n: Number(m[4]),
    cite: m[1],
    lang: m[2],
    dir: m[3],
    profile: /<a href="https:\/\/twitter.com\/(\w+)">\u2066@\1\u2069<\/a>/.exec(m[5]!)?.[1],
    time: /<time datetime="([^"]*)">([^<]*)<\/time>/.exec(m[5]!)?.slice(1),
    media: /<a href="(https:\/\/t\.co\/\w+)">pic\.twitter\.com\/\w+<\/a>/.exec(m[5]!)?.[1],
    archive: /<a href="(https:\/\/web\.archive\.org\/web\/2022\/[^"]+)">نسخة مؤرشفة<\/a>/.exec(m[5]!)?.[1],
    back: /<a href="([^"]*#source-\d)">\[\d\]<\/a>/.exec(m[5]!)?.[1],
  }));
}

function expectThreeCitations(html: string, anchorBase: string) {
  expect(citations(html)).toEqual(
    HANDLES.map((handle, i) => ({
      n: i + 1,
      cite: `https://twitter.com/${handle}`,
      lang: i === 2 ? 'en' : 'ar',
      dir: i === 2 ? 'ltr' : 'rtl',
      profile: handle,
      time: ['2022-01-21', '21 يناير 2022'],
      media: MEDIA[i],
      archive: `https://web.archive.org/web/2022/https://twitter.com/${handle}`,
      back: `${anchorBase}#source-${i + 1}`,
    })),
  );
  // The sources list closes the article, each entry linking back to its quote.
  expect(html).toContain('<section id="sources"><h2>المصادر</h2><ol>');
  for (let n = 1; n <= 3; n++) expect(html).toContain(`<li id="source-${n}">`);
  for (let n = 1; n <= 3; n++) expect(html).toContain(`<a href="${anchorBase}#cite-${n}" aria-label="رجوع">↩</a></li>`);
  // The English tweet is isolated left to right inside the Arabic text, for readers that strip dir.
  expect(html).toMatch(/<p>\u2066<a href="https:\/\/twitter.com\/hashtag\/Isis">#Isis<\/a>[\s\S]*?pic\.twitter\.com\/fua89uC5wV<\/a>\u2069<\/p>/);
  expect(html).not.toMatch(/<script|<iframe|\son\w+=|style=/i);
}

const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

describe('the bundled article cites its three tweets', () => {
  it('on the article page', async () => {
    expectThreeCitations(await get('/articles/hasakah-ghwayran-prison-attack'), '');
  });

  it('in RSS content:encoded', async () => {
    const rss = await get('/feed.xml');
    expectThreeCitations(/<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(rss)![1]!, ARTICLE);
  });

  it('in Atom content, with one rel="related" link per tweet', async () => {
    const atom = await get('/atom.xml');
    expectThreeCitations(decodeXml(/<content type="html">([\s\S]*?)<\/content>/.exec(atom)![1]!), ARTICLE);
    expect([...atom.matchAll(/<link rel="related" href="([^"]*)"\/>/g)].map((m) => m[1])).toEqual(HANDLES.map((h) => `https://twitter.com/${h}`));
  });

  it('in JSON Feed content_html, content_text and _citations', async () => {
    const item = JSON.parse(await get('/feed.json')).items[0];
    expectThreeCitations(item.content_html, ARTICLE);
    expect(item._citations.about).toBe('https://nashra.example.com/about/citations');
    // The page `about` links to exists and describes every key the items have, no more.
    const about = await get('/about/citations');
    expect(about.startsWith('<!doctype html>')).toBe(true);
    expect([...about.matchAll(/<tr><td><code>([a-z_]+)<\/code>/g)].map((m) => m[1])).toEqual(Object.keys(item._citations.items[0]));
    expect(item._citations.items).toEqual(
      HANDLES.map((handle, i) => ({
        author_name: ['Mustafa AL Dulaimi', 'Hanzala', 'sebastian usher'][i],
        handle,
        profile_url: `https://twitter.com/${handle}`,
        status_url: null,
        date: '2022-01-21',
        time: null,
        text: expect.stringMatching(new RegExp(`pic\\.twitter\\.com/${MEDIA[i]!.slice(13)}$`)),
        language: i === 2 ? 'en' : 'ar',
        direction: i === 2 ? 'ltr' : 'rtl',
        media: [MEDIA[i]],
        archive_url: `https://web.archive.org/web/2022/https://twitter.com/${handle}`,
      })),
    );
    expect(
      item.content_text.endsWith(
        [
          'المصادر',
          '1. \u2068Mustafa AL Dulaimi\u2069 (\u2066@Mustafa5g4d2k8u\u2069) — 21 يناير 2022 — https://twitter.com/Mustafa5g4d2k8u — https://web.archive.org/web/2022/https://twitter.com/Mustafa5g4d2k8u',
          '2. \u2068Hanzala\u2069 (\u2066@Hanzpal2\u2069) — 21 يناير 2022 — https://twitter.com/Hanzpal2 — https://web.archive.org/web/2022/https://twitter.com/Hanzpal2',
          '3. \u2068sebastian usher\u2069 (\u2066@sebusher\u2069) — 21 يناير 2022 — https://twitter.com/sebusher — https://web.archive.org/web/2022/https://twitter.com/sebusher',
        ].join('\n'),
      ),
    ).toBe(true);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationJson } from '../../../src/render/render-citation';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { joinEntries, prerenderEntries } from '../../../src/feeds/prerender-entries';
import { renderAtom } from '../../../src/feeds/render-atom';
import { renderJsonFeed } from '../../../src/feeds/render-json-feed';
import { renderRss } from '../../../src/feeds/render-rss';
import type { FeedSource, SiteConfig } from '../../../src/model';
import { encodeFeedObject } from '../../../src/store/objects';
import { articleTweets } from '../../../src/render/render-article';
import { decode } from '../../support/decode';
import { jsonFeedErrors } from '../../support/json-feed-schema';
import { compileSorted } from '../../support/compile';
import { contentFile, makeArticle, makeContent, makeSite } from '../../support/make-article';
import { markdownBody } from '../../support/markdown-body';
import { xmllint } from '../../support/xmllint';

// Feed entries written when compiling must be, byte for byte, what the Worker would write when
// serving: the same three feeds from the same content, ahead or not, for any configuration.

const DIR = 'test/fixtures/articles';

/** The fixture articles, plus the cases the fixtures do not have, compiled as `npm run compile` does. */
function compiled(): FeedSource {
  const files: { path: string; bytes: Uint8Array }[] = readdirSync(DIR).map((name) => ({
    path: `${DIR}/${name}`,
    bytes: new Uint8Array(readFileSync(`${DIR}/${name}`)),
  }));
  files.push(
    // No lang, no author: the site's are used.
    { path: 'content/no-lang.txt', bytes: contentFile({ title: 'بلا لغة', date: '2024-05-01' }, 'نص المقال.') },
    // Markdown links that resolve against the article's URL.
    {
      path: 'content/links.md',
      bytes: contentFile(
        { title: 'Links', date: '2024-05-02', lang: 'en', author: 'Desk' },
        'See [about](/about?a=1&b=2), [notes](#n) and ![pic](pic.png).\n\nA `]]>` in code.',
      ),
    },
  );
  return makeContent(compileSorted(files).articles);
}

function feeds(content: FeedSource, site: SiteConfig): string[] {
  const model = buildFeedModel(content, site);
  const written = [renderRss(model), renderAtom(model), renderJsonFeed(model)].map(decode);
  expect(jsonFeedErrors(written[2]!)).toEqual([]);
  return written;
}

const live = compiled();
const ahead = prerenderEntries(live, { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 });

describe('feed entries written when compiling', () => {
  it('are written for every listed article, and only for the newest FEED_ITEMS', () => {
    expect(ahead.articles.every((a) => a.rendered !== null)).toBe(true);
    expect(ahead.bytes.byteLength).toBeGreaterThan(0);
    const two = prerenderEntries(live, { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 2 });
    expect(two.articles.map((a) => a.rendered !== null)).toEqual(live.articles.map((_, i) => i < 2));
  });

  it.each([
    ['the configured site', makeSite({ author: 'Desk' })],
    ['a base URL with a path and a port', makeSite({ author: 'Desk', baseUrl: 'http://localhost:8787/news/' })],
    ["a base URL written with escapes in XML (& and ')", makeSite({ author: 'Desk', baseUrl: "https://example.org/a&b'c/" })],
    ['another site language', makeSite({ author: 'Desk', lang: 'en', dir: 'ltr' })],
    ['another site author', makeSite({ author: 'Other desk' })],
    ['fewer feed items', makeSite({ author: 'Desk', feedItems: 3 })],
  ])('give the same bytes as writing them when serving, for %s', (_, site) => {
    expect(feeds(ahead, site)).toEqual(feeds(live, site));
  });

  it("store an article's body once for its RSS item, its Atom entry (the same HTML in CDATA) and its JSON Feed item", () => {
    const text = (range: [number, number]) => decode(ahead.bytes.subarray(range[0], range[0] + range[1]));
    for (const article of ahead.articles) {
      const { rss, atom } = article.rendered!;
      // The body, from its CDATA section's start to its end, is stored once: both entries point
      // at the same ranges for it.
      const body = (pieces: readonly unknown[]) => {
        const start = pieces.findIndex((p) => Array.isArray(p) && text(p as [number, number]).startsWith('<![CDATA['));
        const end = pieces.findIndex((p, i) => i >= start && Array.isArray(p) && text(p as [number, number]).endsWith(']]>'));
        return pieces.slice(start, end + 1);
      };
      expect(body(rss).length).toBeGreaterThan(0);
      expect(body(atom)).toEqual(body(rss));
      // The JSON Feed item points at the same HTML, written escaped for JSON (JsonRange).
      const html = body(rss).slice(1, -1).filter(Array.isArray);
      const json = article.rendered!.json.flatMap((p) => (typeof p === 'object' && 'json' in p ? [p.json] : []));
      expect(json).toEqual(html);
    }
    // Every byte stored is pointed at by some entry: nothing is written twice or left over.
    const used = new Set(
      ahead.articles
        .flatMap((a) => [...a.rendered!.rss, ...a.rendered!.atom, ...a.rendered!.json])
        .filter(Array.isArray)
        .map(String),
    );
    const total = [...used].map((r) => Number(r.split(',')[1])).reduce((a, b) => a + b, 0);
    expect(total).toBe(ahead.bytes.byteLength);
  });

  it('are used when they are current, and not when the configuration differs', () => {
    const copied = (site: SiteConfig) => buildFeedModel(ahead, site).entries.map((e) => e.rss.some((p) => Array.isArray(p)));
    expect(copied(makeSite({ author: 'Desk' }))).toEqual(ahead.articles.map(() => true));
    expect(copied(makeSite({ author: 'Desk', baseUrl: 'http://localhost:8787/' }))).toEqual(ahead.articles.map(() => true));
    // The article without lang was written in Arabic, the site now says English.
    expect(copied(makeSite({ author: 'Desk', lang: 'en', dir: 'ltr' }))).toEqual(ahead.articles.map((a) => a.lang !== null));
    expect(copied(makeSite({ author: 'Desk', baseUrl: 'https://example.org/a&b/' }))).toEqual(ahead.articles.map(() => false));
  });

  it('resolve Markdown links and the anchors against the URL the Worker serves', () => {
    const [rss, , json] = feeds(ahead, makeSite({ author: 'Desk', baseUrl: 'http://localhost:8787/news/' }));
    expect(rss).toContain('<a href="http://localhost:8787/about?a=1&amp;b=2">about</a>');
    expect(rss).toContain('<a href="http://localhost:8787/news/articles/links#n">notes</a>');
    expect(rss).toContain('<img src="http://localhost:8787/news/articles/pic.png" alt="pic" />');
    expect(rss).toContain('<link>http://localhost:8787/news/articles/links</link>');
    expect(JSON.parse(json!).items.map((i: { url: string }) => i.url)).toContain('http://localhost:8787/news/articles/links');
    expect(xmllint([rss!])).toBe('');
  });

  it('keep an explicit id equal to the article URL a permalink, as writing it when serving does', () => {
    const url = 'https://nashra.example.com/articles/sample';
    const content = prerenderEntries(makeContent([makeArticle({ id: url })]), { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 });
    expect(feeds(content, makeSite())[0]).toContain(`<guid isPermaLink="true">${url}</guid>`);
  });

  it('are not written for an article whose text holds the URL marker', () => {
    const article = makeArticle({ blocks: [{ type: 'paragraph', text: 'x \uE000nashra:url\uE001 y', line: 1 }] });
    expect(prerenderEntries(makeContent([article]), { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 }).articles[0]!.rendered).toBeNull();
  });

  it('refuse a body with a character XML forbids, naming the file', () => {
    const article = makeArticle({ blocks: [{ type: 'paragraph', text: 'bad \u0001 byte', line: 1 }] });
    expect(() => prerenderEntries(makeContent([article]), { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 })).toThrow(
      'content/sample.md: a feed entry has a character XML forbids (U+0001)',
    );
  });

  it('write JSON exactly as JSON.stringify(document, null, 2) would, citations included', () => {
    const json = feeds(ahead, makeSite({ author: 'Desk' }))[2]!;
    expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
    const items = JSON.parse(json).items as { _citations: unknown }[];
    expect(items.map((i) => i._citations)).toEqual(
      ahead.articles.map((a) => ({ about: 'https://nashra.example.com/about/citations', items: articleTweets(a).map(citationJson) })),
    );
  });

  it('give the same bytes for any article the compiler accepts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'ب', ' ', '&', '<', '"', "'", ']', '>', '\n', '#', '@', 'é', '中', '😀'), maxLength: 40 });
    fc.assert(
      fc.property(
        text,
        text,
        fc.constantFrom('ar', 'en', null),
        fc.constantFrom('https://nashra.example.com/', 'http://127.0.0.1:8787/x/'),
        (title, body, lang, baseUrl) => {
          const fields: Record<string, string> = { title: JSON.stringify(`t ${title}`), date: '2024-05-01' };
          if (lang) fields.lang = lang;
          const bytes = contentFile(fields, `${body}\n\nمقال pic.twitter.com/abc — Name (@handle) January 21, 2022`);
          const plain = makeContent(compileSorted([{ path: 'content/p.txt', bytes }]).articles);
          const site = makeSite({ baseUrl });
          expect(feeds(prerenderEntries(plain, { siteLang: 'ar', siteAuthor: site.author, feedItems: 50 }), site)).toEqual(feeds(plain, site));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('give the same bytes for any Markdown article the compiler accepts: links, relative links, embeds', () => {
    fc.assert(
      fc.property(
        markdownBody,
        fc.constantFrom('ar', 'en', null),
        fc.constantFrom('https://nashra.example.com/', 'http://127.0.0.1:8787/x/', "https://example.org/a&b'c/"),
        (body, lang, baseUrl) => {
          const fields: Record<string, string> = { title: 'Markdown', date: '2024-05-01' };
          if (lang) fields.lang = lang;
          const markdown = makeContent(compileSorted([{ path: 'content/m.md', bytes: contentFile(fields, body) }]).articles);
          const site = makeSite({ baseUrl });
          expect(feeds(prerenderEntries(markdown, { siteLang: 'ar', siteAuthor: site.author, feedItems: 50 }), site)).toEqual(feeds(markdown, site));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('written for each article alone and joined are what is written for them together, byte for byte', () => {
    const options = { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 };
    const marked = makeArticle({ slug: 'marked', blocks: [{ type: 'paragraph', text: 'x \uE000nashra:url\uE001 y', line: 1 }] });
    const articles = [...live.articles.slice(0, 3), marked, ...live.articles.slice(3)];
    const alone = articles.map((a) => prerenderEntries(makeContent([a]), options));
    const joined = joinEntries(alone);
    const together = prerenderEntries(makeContent(articles), options);
    expect(joined).toEqual(together);
    const topic = { key: 'k', name: 'K', count: articles.length };
    expect(encodeFeedObject({ topic, source: joined })).toEqual(encodeFeedObject({ topic, source: together }));
    expect(joinEntries([])).toEqual({ articles: [], bytes: new Uint8Array(0) });
  });
});

import { readFileSync } from 'node:fs';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { renderAtom } from '../../../src/feeds/render-atom';
import { renderJsonFeed } from '../../../src/feeds/render-json-feed';
import { renderRss } from '../../../src/feeds/render-rss';
import { manifest } from '../../../generated/content';
import { makeArticle, makeContent, makeSite } from '../../support/make-article';
import { xmllint } from '../../support/xmllint';
import { decode } from '../../support/decode';
import { jsonFeedErrors } from '../../support/json-feed-schema';

const site = makeSite();
const model = buildFeedModel(manifest.newest, site);
const rss = decode(renderRss(model));
const atom = decode(renderAtom(model));
const json = decode(renderJsonFeed(model));
const ARTICLE = 'https://nashra.example.com/articles/hasakah-ghwayran-prison-attack';
const TITLE = '«قسد» تقتل 23 مقاتلًا من تنظيم الدولة بعد هجومه على سجن غويران في الحسكة';

describe('the bundled article, parsed back by an independent parser (feedsmith)', () => {
  it('is well-formed XML (xmllint)', () => {
    expect(xmllint([rss, atom])).toBe('');
  });

  it("is a valid JSON Feed 1.1 (its JSON Schema), as is the Worker's golden feed", () => {
    expect(jsonFeedErrors(json)).toEqual([]);
    expect(jsonFeedErrors(readFileSync('test/golden/feed.json', 'utf8'))).toEqual([]);
  });

  it('RSS 2.0', () => {
    const feed = parseRssFeed(rss);
    expect(feed.title).toBe('nashra test');
    expect(feed.link).toBe('https://nashra.example.com/');
    expect(feed.language).toBe('ar');
    expect(feed.ttl).toBe(15);
    expect(feed.lastBuildDate).toBe('Fri, 21 Jan 2022 00:00:00 GMT');
    expect(feed.atom?.links).toEqual([{ href: 'https://nashra.example.com/feed.xml', rel: 'self', type: 'application/rss+xml' }]);
    expect(feed.items).toHaveLength(1);
    const item = feed.items![0]!;
    expect(item.title).toBe(TITLE);
    expect(item.link).toBe(ARTICLE);
    expect(item.guid).toEqual({ value: ARTICLE, isPermaLink: true });
    expect(item.pubDate).toBe('Fri, 21 Jan 2022 00:00:00 GMT');
    expect(item.dc?.creators).toEqual(['العربي']);
    expect(item.content?.encoded).toMatch(/^<div lang="ar" dir="rtl">\n<p>قتلت قوات سوريا الديمقراطية &quot;قسد&quot;/);
    expect(item.description).toBe(
      'قتلت قوات سوريا الديمقراطية &quot;قسد&quot; التي يقودها الأكراد 23 مقاتلًا من تنظيم &quot;الدولة&quot; في اشتباكات، بعد أن هاجم مسلحو التنظيم سجنًا في مدينة الحسكة بشمال شرق سوريا أمس الخميس.',
    );
  });

  it('Atom 1.0', () => {
    const feed = parseAtomFeed(atom);
    expect(feed.title).toEqual({ value: 'nashra test' });
    expect(feed.id).toBe('https://nashra.example.com/');
    expect(feed.updated).toBe('2022-01-21T00:00:00Z');
    expect(feed.xml?.lang).toBe('ar');
    expect(feed.links).toEqual([
      { href: 'https://nashra.example.com/atom.xml', rel: 'self', type: 'application/atom+xml' },
      { href: 'https://nashra.example.com/', rel: 'alternate', type: 'text/html' },
    ]);
    expect(feed.entries).toHaveLength(1);
    const entry = feed.entries![0]!;
    expect(entry.id).toBe(ARTICLE);
    expect(entry.title).toEqual({ value: TITLE });
    expect(entry.xml?.lang).toBe('ar');
    expect(entry.published).toBe('2022-01-21T00:00:00Z');
    expect(entry.updated).toBe('2022-01-21T00:00:00Z');
    expect(entry.links?.[0]).toEqual({ href: ARTICLE, rel: 'alternate', type: 'text/html' });
    expect(entry.content?.type).toBe('html');
    expect(entry.content?.value).toMatch(/^<div lang="ar" dir="rtl">/);
    expect(entry.summary?.value).toMatch(/^قتلت قوات سوريا الديمقراطية "قسد"/);
  });

  it('JSON Feed 1.1', () => {
    const feed = parseJsonFeed(JSON.parse(json));
    expect(feed.title).toBe('nashra test');
    expect(feed.home_page_url).toBe('https://nashra.example.com/');
    expect(feed.feed_url).toBe('https://nashra.example.com/feed.json');
    expect(feed.language).toBe('ar');
    expect(feed.authors).toEqual([{ name: 'Desk' }]);
    expect(feed.items).toHaveLength(1);
    const item = feed.items![0]!;
    expect(item.id).toBe(ARTICLE);
    expect(item.url).toBe(ARTICLE);
    expect(item.title).toBe(TITLE);
    expect(item.language).toBe('ar');
    expect(item.date_published).toBe('2022-01-21T00:00:00Z');
    expect(item.date_modified).toBe('2022-01-21T00:00:00Z');
    expect(item.authors).toEqual([{ name: 'العربي' }]);
    expect(item.content_html).toMatch(/^<div lang="ar" dir="rtl">/);
    expect(item.content_text).toMatch(/^قتلت قوات سوريا الديمقراطية "قسد"/);
    expect(JSON.parse(json).version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('gives the item the same id in all three formats', () => {
    const ids = [parseRssFeed(rss).items![0]!.guid!.value, parseAtomFeed(atom).entries![0]!.id, parseJsonFeed(JSON.parse(json)).items![0]!.id];
    expect(new Set(ids)).toEqual(new Set([ARTICLE]));
  });
});

describe('feed model', () => {
  it('lists the newest articles first, capped at feedItems, with a front-matter id kept', () => {
    const articles = [3, 2, 1].map((d) =>
      makeArticle({
        slug: `a${d}`,
        date: `2022-01-0${d}T00:00:00Z`,
        updated: `2022-01-0${d}T00:00:00Z`,
        id: d === 2 ? 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66' : null,
      }),
    );
    const feed = buildFeedModel(makeContent(articles), makeSite({ feedItems: 2 }));
    expect(feed.entries.map((e) => e.url)).toEqual(['https://nashra.example.com/articles/a3', 'https://nashra.example.com/articles/a2']);
    expect(parseAtomFeed(decode(renderAtom(feed))).entries!.map((e) => e.id)).toEqual([
      'https://nashra.example.com/articles/a3',
      'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    ]);
    expect(feed.updated).toBe('2022-01-03T00:00:00Z');
  });

  it('resolves relative and fragment links against the article URL', () => {
    const article = makeArticle({
      blocks: [
        {
          type: 'html',
          html: [
            '<p><a href="',
            { relativeUrl: '/about?a=1&b=2' },
            '">x</a> <a href="',
            { relativeUrl: '#n' },
            '">y</a> <img src="',
            { relativeUrl: 'pic.png' },
            '" alt=""></p>',
          ],
          text: 'x y',
          line: 1,
        },
      ],
    });
    const feed = buildFeedModel(makeContent([article]), makeSite());
    const resolved =
      '<a href="https://nashra.example.com/about?a=1&amp;b=2">x</a> <a href="https://nashra.example.com/articles/sample#n">y</a> <img src="https://nashra.example.com/articles/pic.png" alt="">';
    expect(contentHtml(feed)).toContain(resolved);
    expect(parseRssFeed(decode(renderRss(feed))).items![0]!.content?.encoded).toContain(resolved);
  });

  it('uses the site language for an article without one, and marks right-to-left HTML', () => {
    const feed = buildFeedModel(makeContent([makeArticle({ lang: null })]), makeSite());
    expect(parseAtomFeed(decode(renderAtom(feed))).entries![0]!.xml?.lang).toBe('ar');
    expect(contentHtml(feed).startsWith('<div lang="ar" dir="rtl">')).toBe(true);
  });
});

/** The first item's body, as JSON Feed content_html. */
function contentHtml(feed: ReturnType<typeof buildFeedModel>): string {
  return JSON.parse(decode(renderJsonFeed(feed))).items[0].content_html;
}

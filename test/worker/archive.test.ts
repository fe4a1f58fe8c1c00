import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app';
import { siteCacheTag } from '../../src/http/cache-tags';
import { type RenderRoute, renderRoute } from '../../src/http/represent';
import type { Article } from '../../src/model';
import { feedBodiesKey, feedKey } from '../../src/store/objects';
import { decodePack, encodePack } from '../../src/store/pack';
import { packNumber, packPath } from '../../src/store/read-store';
import { makeArchive } from '../support/make-archive';
import { makeArticle } from '../support/make-article';

// The archive as the Worker serves it inside workerd: the bundle's manifest for the hot routes,
// the store of packs (through an ASSETS stand-in that serves the compiler's own packs) for the rest.

const BASE = 'https://nashra.example.com';
const SITE_TAG = siteCacheTag(`${BASE}/`);
const ARABIC = 'الحسكة';
const ARABIC_PATH = `/tags/${encodeURIComponent(ARABIC)}/`;

/** 120 articles, one a day from 2024-01-01 (newest last made): every third tagged الحسكة, every fourth in English. */
function articles(n = 120): Article[] {
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    return makeArticle({
      slug: `a-${String(i).padStart(3, '0')}`,
      title: `Article ${i}`,
      date: `${day}T00:00:00Z`,
      updated: `${day}T00:00:00Z`,
      lang: i % 4 === 0 ? 'en' : 'ar',
      tags: [...(i % 3 === 0 ? [ARABIC] : []), 'Syria'],
      file: `content/a-${i}.md`,
    });
  });
}

let n = 0;
function serve(list = articles(), options: { keptBytes?: number; feedItems?: number } = {}) {
  const archive = makeArchive(list, `v-archive-${Date.now()}-${++n}`, { feedItems: options.feedItems ?? 50 });
  const renders: string[] = [];
  const render: RenderRoute = (data, site) => {
    renders.push(data.kind === 'article' ? data.article.slug : data.kind === 'list' ? `list ${data.list.page}` : data.kind);
    return renderRoute(data, site);
  };
  const app = createApp({ manifest: archive.manifest, store: archive.store, render, keptBytes: options.keptBytes, edgeCache: () => null });
  const get = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${BASE}${path}`, init), env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
  return { archive, get, renders };
}

const links = (html: string, rel: string) => [...html.matchAll(new RegExp(`<link rel="${rel}" href="([^"]*)">`, 'g'))].map((m) => m[1]);
const items = (html: string) => [...html.matchAll(/<li lang="[^"]*" dir="[^"]*"><a href="\/articles\/([^"]*)">/g)].map((m) => m[1]);

describe('the index, in pages of 50', () => {
  it('shows the newest 50 first and links the next page, each page linking its neighbours', async () => {
    const { get } = serve();
    const first = await (await get('/')).text();
    expect(items(first)).toEqual(Array.from({ length: 50 }, (_, i) => `a-${String(119 - i).padStart(3, '0')}`));
    expect(links(first, 'prev')).toEqual([]);
    expect(links(first, 'next')).toEqual([`${BASE}/page/2`]);
    expect(first).toContain('<a rel="next" href="/page/2">');
    const second = await (await get('/page/2')).text();
    expect(items(second)[0]).toBe('a-069');
    expect([links(second, 'prev'), links(second, 'next')]).toEqual([[`${BASE}/`], [`${BASE}/page/3`]]);
    const last = await (await get('/page/3')).text();
    expect(items(last)).toHaveLength(20);
    expect([links(last, 'prev'), links(last, 'next')]).toEqual([[`${BASE}/page/2`], []]);
    expect(last).toContain(`<link rel="canonical" href="${BASE}/page/3">`);
  });

  it('answers 404 past the last page and for /page/1 (the index is /)', async () => {
    const { get } = serve();
    for (const path of ['/page/4', '/page/1', '/page/0', '/page/x']) expect((await get(path)).status, path).toBe(404);
  });

  it('caches each page like the rest: validators, 304, Cache-Tag', async () => {
    const { get } = serve();
    const res = await get('/page/2');
    expect(res.headers.get('Cache-Tag')).toBe(`${SITE_TAG},${SITE_TAG}-page,${SITE_TAG}-home`);
    const again = await get('/page/2', { headers: { 'If-None-Match': res.headers.get('ETag')! } });
    expect(again.status).toBe(304);
  });
});

describe('an empty site', () => {
  it('serves an index with no articles and empty feeds, and 404 for any article', async () => {
    const { get } = serve([]);
    expect((await get('/')).status).toBe(200);
    const rss = await (await get('/feed.xml')).text();
    expect(rss).not.toContain('<item>');
    expect((await get('/articles/a')).status).toBe(404);
    expect((await get('/page/2')).status).toBe(404);
  });
});

describe('tags: pages and feeds', () => {
  it('lists a tag’s articles on its page, percent-encoded in the URL, exact in the title, linking its feeds', async () => {
    const { get } = serve();
    const res = await get(ARABIC_PATH);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<title>\u2068#${ARABIC}\u2069 — نشرة</title>`);
    expect(items(html)).toEqual(Array.from({ length: 40 }, (_, i) => `a-${String(117 - 3 * i).padStart(3, '0')}`));
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="#${ARABIC} (RSS)" href="${BASE}${ARABIC_PATH}feed.xml">`);
    expect(html).toContain(`<link rel="alternate" type="application/feed+json" title="#${ARABIC} (JSON Feed)" href="${BASE}${ARABIC_PATH}feed.json">`);
  });

  it('serves the tag’s feeds with the tag’s newest articles, its page as home, validators and 304', async () => {
    const { get } = serve(articles(), { feedItems: 10 });
    const res = await get(`${ARABIC_PATH}atom.xml`);
    expect(res.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const atom = await res.text();
    expect(atom).toContain(`<id>${BASE}${ARABIC_PATH}</id>`);
    expect(atom).toContain(`<title>#${ARABIC} — نشرة</title>`);
    expect(atom).toContain(`<link rel="self" type="application/atom+xml" href="${BASE}${ARABIC_PATH}atom.xml"/>`);
    const ids = [...atom.matchAll(/<entry[^>]*>\n {4}<id>([^<]*)<\/id>/g)].map((m) => m[1]);
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `${BASE}/articles/a-${String(117 - 3 * i).padStart(3, '0')}`));
    expect(res.headers.get('Cache-Tag')).toMatch(new RegExp(`^${SITE_TAG},${SITE_TAG}-feed,${SITE_TAG}-tag-[0-9a-f]{8}$`));
    const json = JSON.parse(await (await get(`${ARABIC_PATH}feed.json`)).text());
    expect(json.feed_url).toBe(`${BASE}${ARABIC_PATH}feed.json`);
    expect(json.items).toHaveLength(10);
    const notModified = await get(`${ARABIC_PATH}atom.xml`, { headers: { 'If-None-Match': res.headers.get('ETag')! } });
    expect(notModified.status).toBe(304);
  });

  it('sends a tag written otherwise (case, Unicode form) to its one URL, and answers 404 for a tag nobody used', async () => {
    const { get } = serve();
    const upper = await get('/tags/Syria/feed.xml');
    expect([upper.status, upper.headers.get('Location')]).toEqual([301, `${BASE}/tags/syria/feed.xml`]);
    expect((await get('/tags/syria/feed.xml')).status).toBe(200);
    expect((await get('/tags/nobody/')).status).toBe(404);
    expect((await get('/tags/nobody/feed.xml')).status).toBe(404);
  });

  it('links each article’s tags from its page', async () => {
    const { get } = serve();
    const html = await (await get('/articles/a-117')).text();
    expect(html).toContain(`<p class="meta tags"><a href="${ARABIC_PATH}"><bdi>#${ARABIC}</bdi></a> <a href="/tags/syria/"><bdi>#Syria</bdi></a></p>`);
  });
});

describe('languages: pages and feeds', () => {
  it('lists each language’s articles, and serves its feeds in that language', async () => {
    const { get } = serve();
    const page = await (await get('/lang/en/')).text();
    expect(items(page)).toEqual(Array.from({ length: 30 }, (_, i) => `a-${String(116 - 4 * i).padStart(3, '0')}`));
    const rss = await (await get('/lang/en/feed.xml')).text();
    expect(rss).toContain('<language>en</language>');
    expect(rss).toContain('<title>نشرة (en)</title>');
    expect((await get('/lang/fr/feed.xml')).status).toBe(404);
  });

  it('answers 404 for a language the site does not publish, reading nothing: one whose key names a feed\u2019s bodies in the store too', async () => {
    const { get, archive } = serve();
    // `ar` + tab + `bodies` is the store key of the Arabic feed's bodies (objects.ts, partKey): read
    // as a feed, it was a 500 that looked like a damaged store.
    for (const path of ['/lang/fr/', '/lang/fr/feed.xml', '/lang/ar%09bodies/feed.xml', '/lang/en%09bodies/atom.xml', '/lang/ar%09bodies/page/2']) {
      const res = await get(path);
      expect([res.status, res.headers.get('Cache-Control')], path).toEqual([404, 'no-store']);
    }
    expect(archive.fetches).toEqual([]);
  });
});

describe('other methods', () => {
  it('render a page at most once with the GETs that follow them', async () => {
    const { get, renders } = serve();
    expect((await get('/articles/a-010', { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await get('/articles/a-010', { method: 'OPTIONS' })).status).toBe(204);
    expect((await get('/articles/a-010')).status).toBe(200);
    expect((await get('/articles/a-010')).status).toBe(200);
    expect(renders).toEqual(['a-010']);
  });
});

describe('one URL per page', () => {
  it('sends a path written otherwise (percent-encoded, hex digits in lower case) to the page\u2019s URL, rendering and reading nothing for it', async () => {
    const { get, renders, archive } = serve();
    const lowerHex = ARABIC_PATH.toLowerCase();
    expect(lowerHex).not.toBe(ARABIC_PATH);
    for (const [from, to] of [
      ['/articles/%61-003', '/articles/a-003'],
      [lowerHex, ARABIC_PATH],
      [`${lowerHex}feed.json`, `${ARABIC_PATH}feed.json`],
      [`${lowerHex}page/2`, `${ARABIC_PATH}page/2`],
      ['/tags/%53yria/atom.xml', '/tags/syria/atom.xml'],
      ['/lang/%65n/feed.xml', '/lang/en/feed.xml'],
      ['/lang/EN/', '/lang/en/'],
    ]) {
      const res = await get(from!);
      expect([res.status, res.headers.get('Location'), res.headers.get('Cache-Control')], from).toEqual([301, `${BASE}${to}`, 'no-store']);
    }
    expect(renders).toEqual([]);
    expect(archive.fetches).toEqual([]);
    expect((await get('/articles/a-003')).status).toBe(200);
    expect((await get(ARABIC_PATH)).status).toBe(200);
  });
});

describe('reading the store', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads one pack for an article, the newest too (the bundle holds no body), and none twice', async () => {
    const { get, archive } = serve();
    expect((await get('/articles/a-119')).status).toBe(200);
    expect((await get('/articles/a-003')).status).toBe(200);
    expect(archive.fetches).toHaveLength(2);
    expect(archive.fetches.every((path) => /^articles\/\d+\/\d+\.pack$/.test(path))).toBe(true);
    await get('/articles/a-119');
    await get('/articles/a-003');
    expect(archive.fetches).toHaveLength(2);
  });

  it("writes the site's feeds from the bundle's entries, reading nothing; from the store's feed object when they do not hold", async () => {
    // Articles without an author of their own: their entries name the site's, as the build read it.
    const archive = makeArchive(
      articles().map((a) => ({ ...a, author: null })),
      `v-archive-${Date.now()}-${++n}`,
    );
    const app = createApp({ manifest: archive.manifest, store: archive.store, edgeCache: () => null });
    const envs: Record<string, typeof env> = { Desk: { ...env, SITE_AUTHOR: 'Desk' }, 'Other desk': { ...env, SITE_AUTHOR: 'Other desk' } };
    const fetchAs = async (author: string, path: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`${BASE}${path}`), envs[author], ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const bundled: string[] = [];
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) bundled.push(await (await fetchAs('Desk', path)).text());
    expect(archive.fetches).toEqual([]);
    expect(bundled[0]!.match(/<item>/g)).toHaveLength(50);
    // Another SITE_AUTHOR than the build's: the entries are written when serving, from the site's
    // feed object and its bodies in the store (two objects of one pack), read once for the three.
    const written: string[] = [];
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json']) written.push(await (await fetchAs('Other desk', path)).text());
    expect(archive.fetches).toHaveLength(2);
    expect(archive.fetches[0]).toMatch(/^feeds\/\d+\/\d+\.pack$/);
    expect(archive.fetches[1]).toBe(archive.fetches[0]);
    expect(written[0]).toContain('<dc:creator>Other desk</dc:creator>');
    expect(written.map((text) => text.replaceAll('Other desk', 'Desk'))).toEqual(bundled);
  });

  it("answers 500, not 404, when the site's feed must be written from the store and its object is gone", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const archive = makeArchive(
      articles().map((a) => ({ ...a, author: null })),
      `v-archive-${Date.now()}-${++n}`,
    );
    const path = packPath(archive.manifest.layout, 'feeds', packNumber(archive.manifest.layout, 'feeds', 'site'));
    const pack = decodePack(archive.packs.get(path)!, path);
    archive.packs.set(path, encodePack(new Map(pack.index.keys.filter((k) => k !== 'site').map((k) => [k, pack.get(k)!]))));
    const ctx = createExecutionContext();
    const app = createApp({ manifest: archive.manifest, store: archive.store, edgeCache: () => null });
    const res = await app.fetch(new Request(`${BASE}/feed.xml`), { ...env, SITE_AUTHOR: 'Other desk' }, ctx);
    await waitOnExecutionContext(ctx);
    expect([res.status, res.headers.get('Cache-Control')]).toEqual([500, 'no-store']);
    expect(String(error.mock.calls.at(-1)?.[0])).toContain('store object feeds:site is missing from its pack');
  });

  it("answers 500 when a feed's entries must be written and its bodies are gone; reads no bodies when they hold", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const archive = makeArchive(
      articles().map((a) => ({ ...a, author: null })),
      `v-archive-${Date.now()}-${++n}`,
    );
    const scope = { kind: 'tag', key: 'syria' } as const;
    const path = packPath(archive.manifest.layout, 'feeds', packNumber(archive.manifest.layout, 'feeds', feedKey(scope)));
    const pack = decodePack(archive.packs.get(path)!, path);
    archive.packs.set(path, encodePack(new Map(pack.index.keys.filter((k) => k !== feedBodiesKey(scope)).map((k) => [k, pack.get(k)!]))));
    const app = createApp({ manifest: archive.manifest, store: archive.store, edgeCache: () => null });
    const fetchAs = async (author: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`${BASE}/tags/syria/feed.xml`), { ...env, SITE_AUTHOR: author }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    expect((await fetchAs('Desk')).status).toBe(200);
    const res = await fetchAs('Other desk');
    expect([res.status, res.headers.get('Cache-Control')]).toEqual([500, 'no-store']);
    expect(String(error.mock.calls.at(-1)?.[0])).toContain('store object feeds:tag/syria has no bodies in its pack');
  });

  it('answers an unknown slug from the pack index it already read, without reading again', async () => {
    const { get, archive } = serve(articles(1));
    expect((await get('/articles/nope')).status).toBe(404);
    expect((await get('/articles/nope-either')).status).toBe(404);
    expect(archive.fetches).toHaveLength(1);
  });

  it('answers 500, never cached, naming the object, when a pack is missing or damaged; and recovers when it is back', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { get, archive } = serve();
    const slug = 'a-003';
    const path = packPath(archive.manifest.layout, 'articles', packNumber(archive.manifest.layout, 'articles', slug));
    const kept = archive.packs.get(path)!;
    archive.packs.delete(path);
    const missing = await get(`/articles/${slug}`);
    expect([missing.status, missing.headers.get('Cache-Control')]).toEqual([500, 'no-store']);
    expect(String(error.mock.calls.at(-1)?.[0])).toContain(`store object ${path} is missing (404)`);
    archive.packs.set(path, kept.slice(0, kept.byteLength - 7));
    const damaged = await get(`/articles/${slug}`);
    expect(damaged.status).toBe(500);
    expect(String(error.mock.calls.at(-1)?.[0])).toContain(`store object ${path} is damaged`);
    archive.packs.set(path, kept);
    expect((await get(`/articles/${slug}`)).status).toBe(200);
  });

  it('keeps no more rendered pages than its budget: a crawler walking the archive does not fill the isolate', async () => {
    const { get, renders } = serve(articles(), { keptBytes: 40_000 });
    for (let i = 0; i < 20; i++) await get(`/articles/a-${String(i).padStart(3, '0')}`);
    await get('/articles/a-019');
    await get('/articles/a-000');
    // The most recent is still kept; the first, long evicted, is rendered again.
    expect(renders.filter((r) => r === 'a-019')).toHaveLength(1);
    expect(renders.filter((r) => r === 'a-000')).toHaveLength(2);
  });
});

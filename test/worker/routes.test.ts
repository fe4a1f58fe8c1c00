import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app';
import { makeArchive } from '../support/make-archive';
import { makeArticle } from '../support/make-article';

// The Worker as deployed (src/index.ts with the compiled content/ and wrangler.toml's [vars]),
// running inside workerd.
const BASE = 'https://nashra.example.com';
const get = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));
const SLUG = 'hasakah-ghwayran-prison-attack';

describe('routes', () => {
  it.each([
    ['/feed.xml', 'application/rss+xml; charset=utf-8', '../golden/feed.xml'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8', '../golden/atom.xml'],
    ['/feed.json', 'application/feed+json; charset=utf-8', '../golden/feed.json'],
    ['/', 'text/html; charset=utf-8', '../golden/index.html'],
    [`/articles/${SLUG}`, 'text/html; charset=utf-8', '../golden/article.html'],
  ])('GET %s is %s and matches its golden file', async (path, type, golden) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(type);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    await expect(await res.text()).toMatchFileSnapshot(golden);
  });

  it('advertises all three feeds on the index and on the article page', async () => {
    for (const path of ['/', `/articles/${SLUG}`]) {
      const html = await (await get(path)).text();
      expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="نشرة (RSS)" href="https://nashra.example.com/feed.xml">');
      expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="نشرة (Atom)" href="https://nashra.example.com/atom.xml">');
      expect(html).toContain('<link rel="alternate" type="application/feed+json" title="نشرة (JSON Feed)" href="https://nashra.example.com/feed.json">');
    }
  });

  it('serves the article page right to left, in Arabic', async () => {
    const html = await (await get(`/articles/${SLUG}`)).text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).toContain('<h1>«قسد» تقتل 23 مقاتلًا من تنظيم الدولة بعد هجومه على سجن غويران في الحسكة</h1>');
    expect(html).toContain('<link rel="canonical" href="https://nashra.example.com/articles/hasakah-ghwayran-prison-attack">');
  });

  it('lists articles on the index, linking to their pages', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain(`<li lang="ar" dir="rtl"><a href="/articles/${SLUG}">«قسد» تقتل`);
  });

  const NOT_FOUND_PAGE =
    '<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>Not found</title>\n<p>404 — not found. <a href="/">Home</a></p>\n</html>\n';
  // The 404 page is a page: it gets the pages' policy (test/worker/page-policies.test.ts).
  const NOT_FOUND_HEADERS = [
    ['cache-control', 'no-store'],
    ['content-length', String(new TextEncoder().encode(NOT_FOUND_PAGE).byteLength)],
    ['content-security-policy', expect.stringMatching(/^default-src 'none'; /)],
    ['content-type', 'text/html; charset=utf-8'],
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['x-content-type-options', 'nosniff'],
  ];
  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND'];
  const withBody = (method: string) => (method === 'GET' || method === 'HEAD' ? {} : { body: 'x' });

  const UNKNOWN = ['/nope', '/articles/nope', `/articles/${SLUG}-nope`, '/feed.xml/extra', '/articles/', '/articles'];

  it.each(UNKNOWN)('answers %s with 404 for every method, never cached', async (path) => {
    for (const method of METHODS) {
      const res = await get(path, { method, ...withBody(method) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('Cache-Control'), `${method} ${path}`).toBe('no-store');
      expect(await res.text(), `${method} ${path}`).toBe(method === 'HEAD' ? '' : NOT_FOUND_PAGE);
    }
  });

  it.each(UNKNOWN)('answers HEAD %s with the headers of its GET, Content-Length included', async (path) => {
    expect([...(await get(path)).headers]).toEqual(NOT_FOUND_HEADERS);
    expect([...(await get(path, { method: 'HEAD' })).headers]).toEqual(NOT_FOUND_HEADERS);
  });

  it.each(['/', '/feed.xml', '/atom.xml', '/feed.json', `/articles/${SLUG}`])(
    'answers other methods on %s with 405 and Allow, OPTIONS with 204',
    async (path) => {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND']) {
        const res = await get(path, { method, ...withBody(method) });
        expect(res.status, method).toBe(405);
        expect(res.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
        expect(res.headers.get('Cache-Control')).toBe('no-store');
        expect(await res.text()).toBe('405 Method Not Allowed\n');
      }
      const options = await get(path, { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect([...options.headers]).toEqual([
        ['allow', 'GET, HEAD, OPTIONS'],
        ['cache-control', 'no-store'],
        ['x-content-type-options', 'nosniff'],
      ]);
    },
  );

  it('builds every absolute URL from SITE_URL, never from the Host header', async () => {
    const res = await exports.default.fetch(new Request('https://evil.example/feed.xml', { headers: { 'X-Forwarded-Host': 'evil.example' } }));
    const body = await res.text();
    expect(body).not.toContain('evil.example');
    expect(body).toContain('<atom:link href="https://nashra.example.com/feed.xml" rel="self" type="application/rss+xml"/>');
  });
});

describe('a bad configuration value', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['FEED_ITEMS', 'lots', 'FEED_ITEMS must be a whole number from 1 to 10000, got "lots"'],
    ['SITE_URL', 'ftp://example.org/', 'SITE_URL must be an absolute http(s) URL without query or fragment, got "ftp://example.org/"'],
    [
      'SITE_URL',
      'https://example.org/news/',
      'SITE_URL must be the root of its host, without a path (the site is served from /), got "https://example.org/news/"',
    ],
    ['SITE_LANG', 'not a tag', 'SITE_LANG must be a BCP 47 language tag, got "not a tag"'],
  ])('answers 500, never cached, and logs which one: %s = %s', async (name, value, problem) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = createApp({ manifest: makeArchive([makeArticle({ slug: 'a' })]).manifest });
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request('https://nashra.example.com/feed.xml'), { ...env, [name]: value }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(500);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.text()).toBe('500 Internal Server Error\n');
    expect(error.mock.calls.map((call) => String(call[0]))).toContain(`nashra: invalid configuration in wrangler.toml [vars]: ${problem}`);
  });
});

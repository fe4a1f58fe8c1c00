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

  it('answers unknown paths and unknown articles with 404, never cached', async () => {
    for (const path of ['/nope', '/articles/nope', '/feed.xml/extra', '/articles/']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('404');
    }
  });

  it('answers other methods with 405 and Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get('/feed.xml', { method, body: method === 'DELETE' ? null : 'x' });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('Allow')).toBe('GET, HEAD');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
    }
    const options = await get('/atom.xml', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('Allow')).toBe('GET, HEAD');
  });

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

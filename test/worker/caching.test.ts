import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { manifest as bundled } from '../../generated/content';
import { createApp } from '../../src/http/app';
import { siteCacheTag } from '../../src/http/cache-tags';
import { type RenderRoute, renderRoute } from '../../src/http/represent';
import { makeArchive } from '../support/make-archive';
import { makeArticle } from '../support/make-article';

// Caching and conditional requests, inside workerd with its real Cache API (caches.default).
// Each test uses its own content version, so entries left by one test never answer another.
let versions = 0;
const freshContent = (title = 'Cached article') => makeArchive([makeArticle({ title, slug: 'cached' })], `v${Date.now()}-${++versions}`);

/** An app over an archive that counts its renders (a feed by its format). */
function countingApp(archive: ReturnType<typeof makeArchive>) {
  const renders: string[] = [];
  const render: RenderRoute = (data, site) => {
    renders.push(data.kind === 'feed' ? data.format : data.kind);
    return renderRoute(data, site);
  };
  return { app: createApp({ manifest: archive.manifest, store: archive.store, render }), renders };
}

/** One request, waiting for what it left running (the cache put) as Cloudflare would let it. */
async function fetchFrom(app: ReturnType<typeof createApp>, path: string, init: RequestInit & { host?: string } = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://${init.host ?? 'nashra.example.com'}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const SITE_TAG = siteCacheTag('https://nashra.example.com/');
const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => k !== 'content-length' && k !== 'content-type'));

describe('render once, serve many', () => {
  it('renders a route once; later requests in the isolate render nothing', async () => {
    const { app, renders } = countingApp(freshContent());
    const first = await (await fetchFrom(app, '/feed.xml')).text();
    const second = await (await fetchFrom(app, '/feed.xml')).text();
    await fetchFrom(app, '/feed.xml', { method: 'HEAD' });
    expect(second).toBe(first);
    expect(renders).toEqual(['rss']);
  });

  it('shares one render between concurrent first requests', async () => {
    const { app, renders } = countingApp(freshContent());
    const bodies = await Promise.all([1, 2, 3, 4].map(async () => (await fetchFrom(app, '/atom.xml')).text()));
    expect(new Set(bodies).size).toBe(1);
    expect(renders).toEqual(['atom']);
  });

  it('serves a new isolate from the Cache API entry, without rendering', async () => {
    const content = freshContent();
    const warm = countingApp(content);
    const rendered = await (await fetchFrom(warm.app, '/feed.json')).text();
    const cold = countingApp(content); // another isolate: same content, empty memo
    const res = await fetchFrom(cold.app, '/feed.json');
    expect(await res.text()).toBe(rendered);
    expect(warm.renders).toEqual(['json']);
    expect(cold.renders).toEqual([]);
  });

  it('keeps one entry per route: query strings and Host headers change neither bytes nor key', async () => {
    const content = freshContent();
    const { app, renders } = countingApp(content);
    const variants = [
      { path: '/feed.xml' },
      { path: '/feed.xml?_=123' },
      { path: '/feed.xml?utm_source=reader&x=1' },
      {
        path: '/feed.xml',
        host: 'evil.example',
        headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http', Cookie: 'a=b', Accept: 'text/html' },
      },
    ];
    const responses = [];
    for (const v of variants) responses.push(await fetchFrom(app, v.path, v));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(new Set(responses.map((r) => r.headers.get('ETag'))).size).toBe(1);
    expect(bodies[0]).not.toContain('evil.example');
    expect(renders).toEqual(['rss']);
    // A second isolate finds exactly that one entry, whatever URL it is asked for.
    const cold = countingApp(content);
    await fetchFrom(cold.app, '/feed.xml?_=456', { host: 'other.example' });
    expect(cold.renders).toEqual([]);
  });

  it('never answers a new content version from the old entry', async () => {
    const old = countingApp(freshContent('Old title'));
    expect(await (await fetchFrom(old.app, '/feed.xml')).text()).toContain('Old title');
    const next = countingApp(freshContent('New title'));
    const body = await (await fetchFrom(next.app, '/feed.xml')).text();
    expect(body).toContain('New title');
    expect(body).not.toContain('Old title');
    expect(next.renders).toEqual(['rss']);
  });

  it('does not cache 404 or 405, and renders nothing for them', async () => {
    const { app, renders } = countingApp(freshContent());
    for (const [path, method, status] of [
      ['/articles/missing', 'GET', 404],
      ['/nope', 'GET', 404],
      ['/feed.xml', 'POST', 405],
    ] as const) {
      const res = await fetchFrom(app, path, { method });
      expect(res.status).toBe(status);
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    expect(renders).toEqual([]);
  });
});

describe('validators and conditional requests (RFC 9110 §13)', () => {
  const app = createApp({ manifest: bundled });
  const first = () => fetchFrom(app, '/feed.xml');

  it('sends a strong ETag from the body and Last-Modified from the newest article change', async () => {
    const res = await first();
    const body = new Uint8Array(await res.arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
    const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(res.headers.get('ETag')).toBe(`"${hex}"`);
    expect(res.headers.get('Last-Modified')).toBe('Fri, 21 Jan 2022 00:00:00 GMT');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=900, stale-while-revalidate=86400, stale-if-error=604800');
    // The edge keeps it a minute: a new article is served within one; stale copies cover the refresh.
    expect(res.headers.get('Cloudflare-CDN-Cache-Control')).toBe('public, max-age=60, stale-while-revalidate=86400, stale-if-error=604800');
    expect(res.headers.get('Cache-Tag')).toBe(`${SITE_TAG},${SITE_TAG}-feed,${SITE_TAG}-home`);
    expect(res.headers.get('Expires')).toBeNull();
    expect(res.headers.get('Content-Length')).toBe(String(body.byteLength));
    // The same content always gives the same validators, in any isolate.
    const other = await fetchFrom(createApp({ manifest: bundled }), '/feed.xml');
    expect(other.headers.get('ETag')).toBe(res.headers.get('ETag'));
  });

  it.each([
    ['the exact tag', (etag: string) => etag],
    ['the weak form (Cloudflare weakens tags when it compresses)', (etag: string) => `W/${etag}`],
    ['a list containing it', (etag: string) => `"nope", W/"other", ${etag}`],
    ['*', () => '*'],
  ])('answers 304 for If-None-Match with %s, with the 200 headers and no body', async (_name, header) => {
    const ok = await first();
    const etag = ok.headers.get('ETag')!;
    const res = await fetchFrom(app, '/feed.xml', { headers: { 'If-None-Match': header(etag) } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect(headersOf(res)).toEqual(headersOf(ok));
    for (const name of ['Cache-Control', 'ETag', 'Last-Modified', 'Vary', 'Cloudflare-CDN-Cache-Control']) {
      expect(res.headers.get(name), name).toBe(ok.headers.get(name));
    }
  });

  it.each([
    ['* inside a word', () => 'garb*age'],
    ['* as a list member', (etag: string) => `${etag}, *`],
    ['the tag followed by garbage', (etag: string) => `${etag} garbage`],
  ])('answers 200 for a malformed If-None-Match (%s): it matches nothing', async (_name, header) => {
    const etag = (await first()).headers.get('ETag')!;
    const res = await fetchFrom(app, '/feed.xml', { headers: { 'If-None-Match': header(etag) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('ETag')).toBe(etag);
  });

  it('answers 200 when If-None-Match does not match, even though If-Modified-Since would', async () => {
    const res = await fetchFrom(app, '/feed.xml', { headers: { 'If-None-Match': '"stale"', 'If-Modified-Since': 'Sat, 01 Jan 2033 00:00:00 GMT' } });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(0);
  });

  it.each([
    ['equal to Last-Modified', 'Fri, 21 Jan 2022 00:00:00 GMT', 304],
    ['later than Last-Modified', 'Sat, 22 Jan 2022 08:00:00 GMT', 304],
    ['earlier than Last-Modified', 'Thu, 20 Jan 2022 23:59:59 GMT', 200],
    ['an rfc850-date equal to Last-Modified', 'Friday, 21-Jan-22 00:00:00 GMT', 304],
    ['an asctime-date equal to Last-Modified', 'Fri Jan 21 00:00:00 2022', 304],
    ['not a date (ignored, §13.1.3)', 'yesterday', 200],
    ['a year Date.parse reads (not an HTTP-date)', '3000', 200],
    ['an ISO date Date.parse reads (not an HTTP-date)', '2030-01-01', 200],
    ['a number Date.parse reads (not an HTTP-date)', '99999', 200],
  ])('uses If-Modified-Since alone: %s (%s) → %i', async (_name, date, status) => {
    const res = await fetchFrom(app, '/atom.xml', { headers: { 'If-Modified-Since': date } });
    expect(res.status).toBe(status);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await fetchFrom(app, '/feed.json');
    const head = await fetchFrom(app, '/feed.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect([...head.headers]).toEqual([...get.headers]);
  });

  it('answers conditional HEAD with 304', async () => {
    const etag = (await first()).headers.get('ETag')!;
    const res = await fetchFrom(app, '/feed.xml', { method: 'HEAD', headers: { 'If-None-Match': etag } });
    expect(res.status).toBe(304);
  });

  it('sends nosniff on every response', async () => {
    for (const path of ['/', '/feed.xml', '/atom.xml', '/feed.json', '/articles/hasakah-ghwayran-prison-attack', '/missing']) {
      expect((await fetchFrom(app, path)).headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    }
  });
});

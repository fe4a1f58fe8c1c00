import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/http/app';
import { cacheApiEdge, type EdgeCache } from '../../src/http/edge-cache';
import type { Representation } from '../../src/http/representation';
import { makeArchive } from '../support/make-archive';
import { makeArticle } from '../support/make-article';
import { memoryEdge } from '../support/memory-edge-cache';

// One contract for every EdgeCache (STYLE.md: adapters behind an interface share a suite), then
// the promise the representer makes about them: a cache that fails costs a render, never the request.

let n = 0;
const key = () => `https://nashra.example.com/__nashra/contract/${Date.now()}-${++n}`;
const rep = (text: string): Representation => ({
  body: new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>,
  contentType: 'application/rss+xml; charset=utf-8',
  etag: `"${text.length}"`,
  lastModified: 'Fri, 21 Jan 2022 00:00:00 GMT',
});

const implementations: [string, (waitUntil: (p: Promise<unknown>) => void) => EdgeCache][] = [
  ['in memory', () => memoryEdge()],
  ['the Cache API (caches.default)', (waitUntil) => cacheApiEdge(caches.default, waitUntil)],
];

describe.each(implementations)('EdgeCache contract: %s', (_name, make) => {
  async function withCache(run: (cache: EdgeCache) => Promise<void> | void) {
    const pending: Promise<unknown>[] = [];
    const cache = make((p) => pending.push(p));
    await run(cache);
    await Promise.all(pending);
    return cache;
  }

  it('misses a key never stored', async () => {
    await withCache(async (cache) => expect(await cache.get(key())).toBeNull());
  });

  it('gives back what was stored, byte for byte, with its validators', async () => {
    const k = key();
    const cache = await withCache((c) => c.put(k, rep('نشرة <feed/>')));
    expect(await cache.get(k)).toEqual(rep('نشرة <feed/>'));
  });

  it('keeps keys apart', async () => {
    const [a, b] = [key(), key()];
    const cache = await withCache((c) => {
      c.put(a, rep('a'));
      c.put(b, rep('bb'));
    });
    expect(new TextDecoder().decode((await cache.get(a))!.body)).toBe('a');
    expect(new TextDecoder().decode((await cache.get(b))!.body)).toBe('bb');
  });
});

describe('the Cache API edge', () => {
  it('misses an entry whose body is not the length it was stored with (cut short on the way)', async () => {
    const pending: Promise<unknown>[] = [];
    const cache = cacheApiEdge(caches.default, (p) => pending.push(p));
    const [whole, cut] = [key(), key()];
    cache.put(whole, rep('نشرة <feed/>'));
    cache.put(cut, rep('نشرة <feed/>'));
    await Promise.all(pending);
    // The same entry, its body cut short: the headers stored with it kept.
    const stored = (await caches.default.match(cut))!;
    const bytes = new Uint8Array(await stored.arrayBuffer());
    await caches.default.put(cut, new Response(bytes.subarray(0, bytes.byteLength - 3), { headers: stored.headers }));
    expect(await cache.get(whole)).toEqual(rep('نشرة <feed/>'));
    expect(await cache.get(cut)).toBeNull();
  });
});

describe('a failing edge cache costs a render, never the request', () => {
  afterEach(() => vi.restoreAllMocks());
  const archive = () => makeArchive([makeArticle({ slug: 'a' })], `v-fail-${Date.now()}-${++n}`);

  async function get(edgeCache: () => EdgeCache | null) {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const app = createApp({ manifest: archive().manifest, edgeCache });
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request('https://nashra.example.com/feed.xml'), env, ctx);
    await waitOnExecutionContext(ctx);
    return { res, warnings: warn.mock.calls.map((call) => String(call[0])) };
  }

  it.each<[string, () => EdgeCache | null]>([
    ['get rejects', () => ({ get: () => Promise.reject(new Error('down')), put: () => undefined })],
    [
      'get throws',
      () => ({
        get: () => {
          throw new Error('down');
        },
        put: () => undefined,
      }),
    ],
    [
      'put throws',
      () => ({
        get: async () => null,
        put: () => {
          throw new Error('full');
        },
      }),
    ],
    [
      'the cache cannot even be opened',
      () => {
        throw new Error('no caches');
      },
    ],
    [
      'a Cache whose match and put reject',
      () => cacheApiEdge({ match: () => Promise.reject(new Error('x')), put: () => Promise.reject(new Error('y')) } as unknown as Cache, () => undefined),
    ],
  ])('when %s', async (_name, edgeCache) => {
    const { res, warnings } = await get(edgeCache);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<rss version="2.0"');
    expect(warnings.some((w) => w.startsWith('nashra: '))).toBe(true);
  });
});

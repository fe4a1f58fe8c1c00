import type { Representation } from './representation';

/** Where rendered routes are shared between isolates: the Workers Cache API in production. */
export interface EdgeCache {
  get(key: string): Promise<Representation | null>;
  put(key: string, rep: Representation): void;
}

// Entries are keyed by content version, so they never go stale; a day bounds what old versions
// keep occupying after a deploy.
const STORED_FOR = 'public, max-age=86400';
// The body's length as stored, checked when read: an entry that comes back cut short is a miss
// (rendered and stored again), never a short page served with the whole one's ETag.
const STORED_BYTES = 'Nashra-Bytes';

/**
 * An EdgeCache over a Cache (caches.default). Stores with waitUntil so the response is not held
 * back; an entry without validators, or whose body is not the length stored, counts as a miss. A
 * cache that fails (plain workerd has none configured) rejects or throws here, and the
 * representer, which promises that a failing cache costs only a render, answers without it
 * (represent.ts).
 */
export function cacheApiEdge(cache: Cache, waitUntil: (p: Promise<unknown>) => void): EdgeCache {
  return {
    async get(key) {
      const hit = await cache.match(key);
      const etag = hit?.headers.get('ETag');
      const lastModified = hit?.headers.get('Last-Modified');
      const contentType = hit?.headers.get('Content-Type');
      const bytes = hit?.headers.get(STORED_BYTES);
      if (!hit || !etag || !lastModified || !contentType || !bytes) return null;
      const body = new Uint8Array(await hit.arrayBuffer());
      return body.byteLength === Number(bytes) ? { body, etag, lastModified, contentType } : null;
    },
    put(key, rep) {
      const headers = {
        'Content-Type': rep.contentType,
        ETag: rep.etag,
        'Last-Modified': rep.lastModified,
        'Cache-Control': STORED_FOR,
        [STORED_BYTES]: String(rep.body.byteLength),
      };
      // After the response has gone, nobody is left to answer: a failed store is only logged.
      waitUntil(
        cache.put(key, new Response(rep.body, { headers })).catch((error: unknown) => console.warn('nashra: storing in the edge cache failed:', error)),
      );
    },
  };
}

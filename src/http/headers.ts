import type { SiteConfig } from '../model';

/** The edge may keep a response this long; readers are asked to come back after max-age. */
export const EDGE_MAX_AGE = 3600;
const STALE_WHILE_REVALIDATE = 86_400;
const STALE_IF_ERROR = 604_800;

/**
 * Cache headers for a 200 and its 304 alike (RFC 9110 §15.4.5 wants them equal).
 * Cache-Control (RFC 9111 §5.2.2) is for readers and shared caches; Cloudflare-CDN-Cache-Control
 * is read by Cloudflare's CDN alone and gives it the longer lifetime.
 */
export function cacheHeaders(site: SiteConfig): Record<string, string> {
  const stale = `stale-while-revalidate=${STALE_WHILE_REVALIDATE}, stale-if-error=${STALE_IF_ERROR}`;
  return {
    'Cache-Control': `public, max-age=${site.maxAge}, ${stale}`,
    'Cloudflare-CDN-Cache-Control': `public, max-age=${Math.max(site.maxAge, EDGE_MAX_AGE)}, ${stale}`,
    // Cloudflare compresses by Accept-Encoding; nothing else changes the bytes.
    Vary: 'Accept-Encoding',
  };
}

/** Errors are never stored by any cache. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

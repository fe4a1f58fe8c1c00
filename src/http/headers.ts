import type { SiteConfig } from '../model';
import { STYLE_SHA256 } from '../pages/layout';

const STALE_WHILE_REVALIDATE = 86_400;
const STALE_IF_ERROR = 604_800;

/** Sent with every response, errors included: no browser may guess another type. */
export const NOSNIFF = ['X-Content-Type-Options', 'nosniff'] as const;

/**
 * Sent with every HTML page, the 404 page included, never with a feed. The pages carry authors'
 * content and need no script, so the policy allows only what they use: their one inline
 * stylesheet, by hash (not 'unsafe-inline'), and images over https. Anything else (script,
 * object, frame, font, fetch) falls to default-src 'none'; base-uri, form-action and
 * frame-ancestors are CSP3 document and navigation directives, which do not fall back to it, so
 * they are named. Links to other sites send them only the origin (Referrer Policy §3).
 */
export const PAGE_POLICIES: readonly [string, string][] = [
  [
    'Content-Security-Policy',
    `default-src 'none'; style-src 'sha256-${STYLE_SHA256}'; img-src https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  ],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
];

/**
 * Cache headers for a 200 and its 304 alike (RFC 9110 §15.4.5 wants them equal).
 * Cache-Control (RFC 9111 §5.2.2) is what readers schedule polls by; Cloudflare-CDN-Cache-Control
 * is read only by Cloudflare's cache in front of the Worker, which may keep a copy longer.
 * `max-age` rather than `s-maxage`: s-maxage would switch off stale-while-revalidate and
 * stale-if-error at Cloudflare (RFC 9111 §4.2.4). No Vary: the bytes never depend on a request
 * header, and Workers Cache keys each distinct Vary value as its own variant.
 */
export function cacheHeaders(site: SiteConfig): [string, string][] {
  const stale = `stale-while-revalidate=${STALE_WHILE_REVALIDATE}, stale-if-error=${STALE_IF_ERROR}`;
  return [
    ['Cache-Control', `public, max-age=${site.maxAge}, ${stale}`],
    ['Cloudflare-CDN-Cache-Control', `public, max-age=${site.edgeMaxAge}, ${stale}`],
  ];
}

/** Errors are never stored by any cache. */
export const NO_STORE = ['Cache-Control', 'no-store'] as const;

import { hashKey } from '../store/pack';

// Cache-Tag values (Cloudflare: a comma-separated list; purge by tag with the zone's purge API).
// Every tag starts with the site's own, so that two sites on one zone never purge each other, and
// is printable ASCII: a tag's text may be Arabic, so it is named by a hash.

/** The tag every response of the site carries: `nashra-` and a hash of SITE_URL. */
export function siteCacheTag(baseUrl: string): string {
  return `nashra-${hashKey(baseUrl).toString(16).padStart(8, '0')}`;
}

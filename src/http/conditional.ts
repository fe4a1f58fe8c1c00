// Conditional GET, answered by our code so that it behaves the same under wrangler dev, in tests
// and in production (cache.match() handles it differently in each).

/** RFC 9110 §8.8.3.2 weak comparison: opaque tags equal, W/ ignored on either side. */
function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

/** Splits an If-None-Match list; entity tags may contain commas only inside their quotes. */
function entityTags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"|\*/g) ?? [];
}

/**
 * True when the client's copy is current and a 304 is the answer. If-None-Match decides when
 * present (§13.1.2, compared weakly because Cloudflare weakens ETags when it compresses);
 * only without it is If-Modified-Since used (§13.1.3, §13.2.2).
 */
export function isNotModified(headers: Headers, etag: string, lastModified: string): boolean {
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    const tags = entityTags(ifNoneMatch);
    return tags.includes('*') || tags.some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = headers.get('if-modified-since');
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  // An invalid date is ignored (§13.1.3), as is one the representation cannot be compared to.
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

// The URLs of front matter as they are published: a source link in its WHATWG form, what every
// browser and reader makes of it anyway (spaces and quotes percent-encoded), and an item id that
// can stay the same for good. Both are written into feeds, and neither may carry credentials.

// Characters an IRI may hold (RFC 3987 §2.2), less the bidirectional controls it must not (§4.1).
const IRI_CHARS = '[^\\s"<>\\\\^`{|}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]';
// RFC 4151: tag:authorityName,YYYY[-MM[-DD]]:specific.
const TAG_URI = new RegExp(
  `^tag:(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*|[^\\s@,:]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*),\\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\\d|3[01]))?)?:${IRI_CHARS}*$`,
);
// RFC 8141: urn:NID:NSS.
const URN = new RegExp(`^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:${IRI_CHARS}+$`, 'i');

/** The source link as published (WHATWG href), or why it cannot be. */
export function readSourceUrl(value: string): { url: string } | { error: string } {
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { error: `source "${value}" is not an absolute http(s) URL` };
  if (url.username || url.password) return { error: `source "${value}" has a user name or password in it: remove them` };
  return { url: url.href };
}

/**
 * The item id, or why it cannot be one. Readers keep an id for good and compare it character by
 * character (RFC 4287 §4.2.6.1), so only schemes made for that are taken: tag:, urn:, and http(s)
 * URLs written in their normal form, since publishing another form than the one written would
 * change the id of an article readers have already seen.
 */
export function readArticleId(value: string): { id: string } | { error: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    const url = parseUrl(value);
    if (url?.username || url?.password) return { error: `id "${value}" has a user name or password in it: remove them` };
    if (url && url.href !== value) return { error: `id "${value}" is not in normal form: write it as "${url.href}"` };
    if (url) return { id: value };
  }
  if ((scheme === 'tag' && TAG_URI.test(value)) || (scheme === 'urn' && URN.test(value))) return { id: value };
  return { error: `id "${value}" is not a permanent identifier: use a tag: URI (tag:example.com,2022:my-article), a urn: (urn:uuid:…) or an http(s) URL` };
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

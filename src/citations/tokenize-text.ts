// Splits a tweet's text into plain runs and the things Twitter links (URLs, media short links,
// hashtags, mentions). Pure and runtime-neutral: the citation renderer (src/render) uses it inside workerd too.

export type TextToken =
  | { type: 'text'; raw: string }
  | { type: 'link'; raw: string; url: string }
  | { type: 'media'; raw: string; url: string }
  | { type: 'hashtag'; raw: string; tag: string }
  | { type: 'mention'; raw: string; handle: string };

// Alternatives: an http(s) URL with a host; a bare media short link; a hashtag (needs a letter, not
// after a word character or '&', as Twitter links them); a mention of a 1–15 character handle.
const TOKEN =
  /(https?:\/\/[^\s<>"/?#][^\s<>"]*)|(?<![\p{L}\p{M}\p{N}_./])((?:(?:www\.)?pic\.twitter\.com|t\.co)\/[A-Za-z0-9]+)|(?<![\p{L}\p{M}\p{N}_&])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)|(?<![\p{L}\p{M}\p{N}_@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/gu;
// Punctuation that ends a sentence rather than a URL; ')' too when the URL did not open it.
const URL_TRAILER = '.,;:!?\'"،؛…';
const MEDIA = /^(?:https?:\/\/)?(?:www\.)?(?:pic\.twitter\.com|t\.co)\/([A-Za-z0-9]+)$/;

export function tokenizeText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let cursor = 0;
  const pushText = (raw: string) => {
    if (raw.length > 0) tokens.push({ type: 'text', raw });
  };
  const re = new RegExp(TOKEN); // a fresh lastIndex per call
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let raw = m[0];
    if (m[1] !== undefined) {
      raw = trimUrl(raw);
      if (!/^https?:\/\/[^/?#]/.test(raw)) raw = '';
      re.lastIndex = m.index + Math.max(raw.length, 1);
      if (raw === '') continue;
    }
    pushText(text.slice(cursor, m.index));
    cursor = m.index + raw.length;
    const media = MEDIA.exec(raw);
    if (media) tokens.push({ type: 'media', raw, url: `https://t.co/${media[1]}` });
    else if (m[1] !== undefined) tokens.push({ type: 'link', raw, url: raw });
    else if (m[3] !== undefined) tokens.push({ type: 'hashtag', raw, tag: m[3] });
    else tokens.push({ type: 'mention', raw, handle: m[4]! });
  }
  pushText(text.slice(cursor));
  return tokens;
}

function trimUrl(url: string): string {
  // The parentheses are counted once: counting them again for each one removed was quadratic.
  let unbalanced = url.split(')').length - url.split('(').length;
  let end = url.length;
  for (; end > 0; end--) {
    const last = url[end - 1]!;
    if (last === ')' && unbalanced > 0) unbalanced--;
    else if (!URL_TRAILER.includes(last)) break;
  }
  return url.slice(0, end);
}

/** The media short links of a tweet's text (`https://t.co/…`), in order of first appearance, without repeats. */
export function mediaLinks(text: string): string[] {
  const media = new Set<string>();
  for (const t of tokenizeText(text)) if (t.type === 'media') media.add(t.url);
  return [...media];
}

import type { EntryPiece } from '../model';
import type { FeedModel } from './feed-model';

// Feeds are written straight into UTF-8, what the response sends and the ETag hashes. Their bulk,
// the entries, is UTF-8 already (prerender-entries.ts) and is copied; only what depends on the
// configuration is encoded here. Building one string and encoding it afterwards passed over every
// body twice more: in workerd, encoding the three feeds of 50 articles took as long as rendering.

const encoder = new TextEncoder();

/** What JSON.stringify writes for each byte it escapes, all ASCII (the others are null). */
const JSON_ESCAPES: (string | null)[] = Array.from({ length: 0x80 }, (_, b) =>
  b < 0x20 || b === 0x22 || b === 0x5c ? JSON.stringify(String.fromCharCode(b)).slice(1, -1) : null,
);

/** What an entry's URL places stand for: the article's URL and the site's base URL. */
export interface EntryUrls {
  article: string;
  site: string;
}

export class ByteWriter {
  private buffer: Uint8Array<ArrayBuffer>;
  private at = 0;

  /** `estimate`: the expected size in bytes; the buffer grows if that was too little. */
  constructor(estimate: number) {
    this.buffer = new Uint8Array(Math.max(256, Math.ceil(estimate)));
  }

  text(text: string): this {
    let rest = text;
    for (;;) {
      const { read, written } = encoder.encodeInto(rest, this.buffer.subarray(this.at));
      this.at += written;
      if (read === rest.length) return this;
      // encodeInto stops before a character that does not fit; at most 3 bytes per UTF-16 unit.
      rest = rest.slice(read);
      this.grow(rest.length * 3);
    }
  }

  bytes(bytes: Uint8Array): this {
    if (this.at + bytes.byteLength > this.buffer.byteLength) this.grow(bytes.byteLength);
    this.buffer.set(bytes, this.at);
    this.at += bytes.byteLength;
    return this;
  }

  /**
   * Entry pieces: ranges are copied from `source`, the URLs' places get `urls` as they are
   * (encoded once each), and relative links of Markdown markup are written by `link` (resolved
   * against the article's URL, escaped for the format).
   */
  pieces(pieces: readonly EntryPiece[], source: Uint8Array, urls: EntryUrls, link: (relativeUrl: string, url: string) => string): this {
    let article: Uint8Array | undefined;
    let site: Uint8Array | undefined;
    for (const piece of pieces) {
      if (typeof piece === 'string') this.text(piece);
      else if (Array.isArray(piece)) this.bytes(source.subarray(piece[0], piece[0] + piece[1]));
      else if ('json' in piece) this.jsonText(source.subarray(piece.json[0], piece.json[0] + piece.json[1]));
      else if ('relativeUrl' in piece) this.text(link(piece.relativeUrl, urls.article));
      else if (piece.url === 'article') this.bytes((article ??= encoder.encode(urls.article)));
      else this.bytes((site ??= encoder.encode(urls.site)));
    }
    return this;
  }

  /**
   * UTF-8 written as the text of a JSON string, as JSON.stringify escapes well-formed text (ECMA-262
   * QuoteJSONString): `"` and `\\` with a backslash, \b \f \n \r \t by name, other controls below
   * U+0020 as \u00xx; every other byte as it is (all that is escaped is ASCII, and no byte of a
   * multi-byte UTF-8 sequence is).
   */
  jsonText(utf8: Uint8Array): this {
    // Byte by byte into the buffer, grown once to the exact size: a subarray and an encodeInto per
    // escape left thousands of small objects behind each render (after the JSON Feeds of 200 tags
    // at 10,000 articles, workerd's RSS was 30 MB higher than with this loop).
    let size = utf8.length;
    for (let i = 0; i < utf8.length; i++) {
      const b = utf8[i]!;
      if (b < 0x20 || b === 0x22 || b === 0x5c) size += JSON_ESCAPES[b]!.length - 1;
    }
    if (this.at + size > this.buffer.byteLength) this.grow(size);
    const out = this.buffer;
    let at = this.at;
    for (let i = 0; i < utf8.length; i++) {
      const b = utf8[i]!;
      if (b >= 0x20 && b !== 0x22 && b !== 0x5c) {
        out[at++] = b;
        continue;
      }
      const escaped = JSON_ESCAPES[b]!;
      for (let k = 0; k < escaped.length; k++) out[at++] = escaped.charCodeAt(k);
    }
    this.at = at;
    return this;
  }

  /** The bytes written; copied to a buffer of their size only if the estimate was far off. */
  finish(): Uint8Array<ArrayBuffer> {
    return this.at < this.buffer.byteLength * 0.75 ? this.buffer.slice(0, this.at) : this.buffer.subarray(0, this.at);
  }

  private grow(needed: number): void {
    const next = new Uint8Array(Math.max(this.buffer.byteLength * 2, this.at + needed));
    next.set(this.buffer.subarray(0, this.at));
    this.buffer = next;
  }
}

/**
 * The expected UTF-8 size of text, for a ByteWriter's estimate: two bytes per UTF-16 unit, as
 * Arabic takes (Latin takes one; CJK three, and the writer grows once). An estimate far above the
 * truth costs a copy in finish(), one below it a copy in grow().
 */
export function textSize(...texts: string[]): number {
  let units = 0;
  for (const text of texts) units += text.length;
  return 2 * units;
}

/** The expected UTF-8 size of entry pieces; `resolved` for each URL or relative link. */
export function piecesSize(pieces: readonly EntryPiece[], resolved: number): number {
  let size = 0;
  for (const piece of pieces) {
    // HTML escaped for JSON grows by a backslash per quote and newline: about a tenth.
    size += typeof piece === 'string' ? textSize(piece) : Array.isArray(piece) ? piece[1] : 'json' in piece ? Math.ceil(piece.json[1] * 1.1) : resolved;
  }
  return size;
}

/** UTF-8 of a string (the pages). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  // TextEncoder always allocates a plain ArrayBuffer; workers-types only says ArrayBufferLike.
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

/** A feed document: `head`, each entry in `format` with `separator` between, then `tail`. */
export function writeFeed(
  feed: FeedModel,
  format: 'rss' | 'atom' | 'json',
  { head, separator, tail }: { head: string; separator: string; tail: string },
  link: (relativeUrl: string, url: string) => string,
): Uint8Array<ArrayBuffer> {
  let estimate = textSize(head, tail) + textSize(separator) * feed.entries.length;
  for (const entry of feed.entries) estimate += piecesSize(entry[format], textSize(entry.url));
  const site = feed.homeUrl;
  const writer = new ByteWriter(estimate).text(head);
  feed.entries.forEach((entry, i) => {
    if (i > 0) writer.text(separator);
    writer.pieces(entry[format], feed.bytes, { article: entry.url, site }, link);
  });
  return writer.text(tail).finish();
}

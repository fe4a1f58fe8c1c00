// What a route renders to, and what every cache layer keeps: a leaf that the memo (represent.ts)
// and the edge cache (edge-cache.ts) both take, so neither imports the other.

/** A rendered route: bytes ready to send and the validators computed with them. */
export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Strong entity tag from the body's SHA-256 (RFC 9110 §8.8.3). */
  etag: string;
  /** HTTP-date of the newest article change the body shows. */
  lastModified: string;
}

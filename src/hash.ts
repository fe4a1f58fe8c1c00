// FNV-1a, 32 bits: short, stable names and checksums (never security). One implementation for the
// store's packs and checksums, cache keys and tags, and the citation record's quote references.

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a over bytes. */
export function fnv1a(bytes: Uint8Array): number {
  let hash = OFFSET;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, PRIME);
  return hash >>> 0;
}

/** FNV-1a over a string's UTF-16 code units: cheaper than its UTF-8, for names within the program. */
export function fnv1aUnits(text: string): number {
  let hash = OFFSET;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), PRIME);
  return hash >>> 0;
}

/** A hash as eight hex digits. */
export function hex8(hash: number): string {
  return hash.toString(16).padStart(8, '0');
}

// A pack: many small objects in one file of the store, so that an archive of 100,000 articles
// fits Workers Static Assets' file count (20,000 a version on the free plan, 100,000 paid) and
// each route is answered with one read. Written when compiling, read by the Worker; pure.
//
//   "NASHRA-PACK-1\n"  magic
//   u32 LE             byte length of the index
//   index              UTF-8 JSON: { keys, offsets, lengths, sums }, keys sorted (UTF-16 order)
//   data               the objects, one after another
//
// Every object carries its FNV-1a checksum, checked when it is read: a truncated or damaged file
// is an error naming the object, never a wrong answer.

import { fnv1a } from '../hash';

const MAGIC = new TextEncoder().encode('NASHRA-PACK-1\n');
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export interface PackIndex {
  keys: string[];
  offsets: number[];
  lengths: number[];
  sums: number[];
}

/** A pack's index and its data, as read back; `get` slices one object and checks it. */
export interface Pack {
  index: PackIndex;
  has(key: string): boolean;
  get(key: string): Uint8Array | null;
}

/** What a pack that cannot be read says, with the file's name. */
export class PackError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`nashra: store object ${file} is damaged: ${problem}`);
    this.name = 'PackError';
  }
}

/** The bytes of a pack holding `objects` (keys must be distinct). */
export function encodePack(objects: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const keys = [...objects.keys()].sort();
  const index: PackIndex = { keys, offsets: [], lengths: [], sums: [] };
  let size = 0;
  for (const key of keys) {
    const bytes = objects.get(key)!;
    index.offsets.push(size);
    index.lengths.push(bytes.byteLength);
    index.sums.push(fnv1a(bytes));
    size += bytes.byteLength;
  }
  const head = encoder.encode(JSON.stringify(index));
  const out = new Uint8Array(MAGIC.byteLength + 4 + head.byteLength + size);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.byteLength, head.byteLength, true);
  out.set(head, MAGIC.byteLength + 4);
  let at = MAGIC.byteLength + 4 + head.byteLength;
  for (const key of keys) {
    out.set(objects.get(key)!, at);
    at += objects.get(key)!.byteLength;
  }
  return out;
}

/** The bytes before a pack's index: the magic and the index's length. */
export const PACK_PREFIX = MAGIC.byteLength + 4;

/** No pack is larger: a file of Workers Static Assets is at most 25 MiB. */
const MAX_PACK_BYTES = 25 * 1024 * 1024;

/** The byte length of a pack's index, from its first PACK_PREFIX bytes. */
export function indexLength(prefix: Uint8Array, file: string): number {
  if (prefix.byteLength < PACK_PREFIX || MAGIC.some((b, i) => prefix[i] !== b)) throw new PackError(file, 'not a pack (bad magic)');
  const length = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(MAGIC.byteLength, true);
  // Checked before anything is allocated for it: a damaged length is not a 4 GB buffer.
  if (length > MAX_PACK_BYTES) throw new PackError(file, `its index is ${length} bytes, more than a pack holds`);
  return length;
}

/**
 * A pack's index from its bytes, checked for the shape encodePack gives it: keys in strictly
 * ascending order, objects one after another from offset 0, within what a pack holds. The index
 * has no checksum of its own; a damaged one that keeps this shape can still hide a key (a 404).
 */
export function decodeIndex(bytes: Uint8Array, file: string): PackIndex {
  let index: PackIndex;
  try {
    index = JSON.parse(decoder.decode(bytes)) as PackIndex;
  } catch {
    throw new PackError(file, 'its index is not JSON');
  }
  if (!wellFormed(index)) throw new PackError(file, 'its index is malformed');
  return index;
}

function wellFormed(index: PackIndex): boolean {
  const { keys, offsets, lengths, sums } = index ?? {};
  if (!Array.isArray(keys) || ![offsets, lengths, sums].every((a) => Array.isArray(a) && a.length === keys.length)) return false;
  let end = 0;
  for (let i = 0; i < keys.length; i++) {
    const [key, offset, length, sum] = [keys[i], offsets[i], lengths[i], sums[i]];
    if (typeof key !== 'string' || (i > 0 && !(keys[i - 1]! < key))) return false;
    if (offset !== end || !Number.isInteger(length) || length! < 0 || !Number.isInteger(sum) || sum! < 0 || sum! > 0xffffffff) return false;
    end += length!;
  }
  return end <= MAX_PACK_BYTES;
}

/** The byte length of a pack whose index is `index` and is `headLength` bytes long. */
export function packLength(index: PackIndex, headLength: number): number {
  const n = index.keys.length;
  return PACK_PREFIX + headLength + (n === 0 ? 0 : index.offsets[n - 1]! + index.lengths[n - 1]!);
}

/** The position of `key` in the index, or -1: a binary search in UTF-16 order, the order encodePack sorted the keys in. */
export function findKey(index: PackIndex, key: string): number {
  const { keys } = index;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The object at position `i` of the index, once its bytes are checked against their checksum. */
export function checkObject(index: PackIndex, i: number, object: Uint8Array, file: string): Uint8Array {
  if (object.byteLength !== index.lengths[i] || fnv1a(object) !== index.sums[i])
    throw new PackError(file, `object "${index.keys[i]}" does not match its checksum`);
  return object;
}

/** Reads a pack; throws PackError naming `file` when it is not one, or not whole. */
export function decodePack(bytes: Uint8Array, file: string): Pack {
  const dataStart = PACK_PREFIX + indexLength(bytes, file);
  if (dataStart > bytes.byteLength) throw new PackError(file, 'its index is cut short');
  const index = decodeIndex(bytes.subarray(PACK_PREFIX, dataStart), file);
  const length = packLength(index, dataStart - PACK_PREFIX);
  if (length !== bytes.byteLength) throw new PackError(file, `its data is ${bytes.byteLength - dataStart} bytes, the index says ${length - dataStart}`);
  const { offsets, lengths } = index;
  return {
    index,
    has: (key) => findKey(index, key) >= 0,
    get(key) {
      const i = findKey(index, key);
      if (i < 0) return null;
      return checkObject(index, i, bytes.subarray(dataStart + offsets[i]!, dataStart + offsets[i]! + lengths[i]!), file);
    },
  };
}

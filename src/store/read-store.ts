import { Lru } from './lru';
import { fnv1aUnits } from '../hash';
import { findKey, PackError, type PackIndex } from './pack';
import { readPackObject } from './pack-stream';

// The Worker's side of the store: the archive's objects, packed when compiling
// (scripts/lib/write-store.ts) into Workers Static Assets and read through the ASSETS binding,
// one pack per object asked for. Nothing here scans the archive: a key names its pack.

/** The families of objects, each packed on its own: article models, list pages, feed sources. */
export type Family = 'articles' | 'lists' | 'feeds';

/** How many packs each family has (a power of two): written by the compiler, in the bundle. */
export type StoreLayout = Record<Family, number>;

/** The ASSETS binding, or anything that answers a request for a path of the store. */
export interface AssetFetcher {
  fetch(request: Request): Promise<Response>;
}

/** The pack that holds `key`: the low bits of its hash, up to a part's tab (partKey). */
export function packNumber(layout: StoreLayout, family: Family, key: string): number {
  const tab = key.indexOf(PART);
  return fnv1aUnits(tab < 0 ? key : key.slice(0, tab)) & (layout[family] - 1);
}

// A part of an object is an object of its own under the object's key, a tab and the part's name:
// it is in the same pack (packNumber hashes a key up to its tab), so that the compiler packs it
// with its object, and a reader asks for it only when it needs it. Only feeds have parts, and no
// feed's key has a tab (tag keys turn white space into hyphens; languages are BCP 47 tags), so a
// part's key is never an object's.
const PART = '\t';

/** The key of `part` of the object `key`. */
export function partKey(key: string, part: string): string {
  return `${key}${PART}${part}`;
}

/**
 * A pack's path in the store (the assets directory). The layout is part of it: when a family
 * grows into more packs, the new files are written beside the old ones, which the bundle being
 * replaced keeps reading until the new bundle is written.
 */
export function packPath(layout: StoreLayout, family: Family, n: number): string {
  return `${family}/${layout[family]}/${n}.pack`;
}

/** An object of the store that should be there and is not, or cannot be read: the route answers 500. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface Store {
  /** The object's bytes, or null when the store has no such object (an unknown slug or tag). */
  get(family: Family, key: string): Promise<Uint8Array | null>;
}

// Pack indexes kept per isolate, so that a key that is not there (a crawler's guess) is answered
// without reading its pack again. An index of 64 keys is a few KB; 1,024 of them at most.
const KEPT_INDEXES = 1024;

/** Reads the store through `assets`; `layout` comes from the bundle. */
export function createStore(assets: AssetFetcher, layout: StoreLayout): Store {
  const indexes = new Lru<string, PackIndex>(KEPT_INDEXES);
  return {
    async get(family, key) {
      const path = packPath(layout, family, packNumber(layout, family, key));
      const known = indexes.get(path);
      if (known && findKey(known, key) < 0) return null;
      let response: Response;
      try {
        response = await assets.fetch(new Request(`https://store.invalid/${path}`));
      } catch (error) {
        throw new StoreError(`nashra: store object ${path} could not be read: ${String(error)}`);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new StoreError(`nashra: store object ${path} is missing (${response.status})`);
      }
      if (!response.body) throw new StoreError(`nashra: store object ${path} is damaged: it is empty`);
      // The length of the bytes the stream gives, unless they come decoded from another encoding.
      const declared = response.headers.has('Content-Encoding') ? null : response.headers.get('Content-Length');
      try {
        // Only the object is read into memory, not the pack it comes in (pack-stream.ts).
        const { index, object } = await readPackObject(response.body, key, path, declared === null ? null : Number(declared));
        indexes.set(path, index);
        return object;
      } catch (error) {
        // Whatever failed (the pack, the stream), the route's 500 is logged naming the pack.
        throw new StoreError(error instanceof PackError ? error.message : `nashra: store object ${path} could not be read: ${String(error)}`);
      }
    },
  };
}

// What the compile pool (compile-pool.ts) does after parsing, on every core: writes each article's
// feed entries ahead, once, into the compile cache (an article is listed by the site's feed, its
// language's and each of its tags'); and writes the store's packs of articles and of feeds, the
// feeds joined from those entries. Each reads only the compile cache, and says which cache entry
// is damaged or gone rather than write from it.
import { createHash } from 'node:crypto';
import { joinEntries, type PrerenderOptions, prerenderEntries } from '../../src/feeds/prerender-entries';
import type { Article, FeedSource, Topic } from '../../src/model';
import { decodeArticle, feedObjectEntries } from '../../src/store/objects';
import { encodePack } from '../../src/store/pack';
import { type Location, readAt, writeSegment } from './cache-segments';
import { writeAtomically } from './write-atomically';

/** An article object in the compile cache: its cache key, where it lies, and the SHA-256 it must have. */
export interface CachedObject {
  key: string;
  at: Location;
  hash: string;
}

/** Write the entries of one article ahead, from its cached object. */
export interface EntriesJob {
  slug: string;
  object: CachedObject;
  options: PrerenderOptions;
}

/** Write the pack at `path` (absolute): objects given, article objects from the cache, feed objects joined from cached entries. */
export interface PackJob {
  path: string;
  objects: { key: string; bytes: Uint8Array }[];
  articles: { key: string; object: CachedObject }[];
  feeds: { key: string; topic: Topic | null; entries: { at: Location; object: CachedObject }[] }[];
}

/**
 * Done (for entries, where they lie); the cache key of an entry that is damaged or gone; or a pack
 * larger than a Static Asset may be (25 MiB), not written.
 */
export type TaskResult = { done: true } | { at: Location } | { stale: string } | { tooLarge: string; size: number };

/** What Workers Static Assets take as one file. */
const ASSET_FILE_BYTES = 25 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes the entries of a batch of articles into one segment of the cache. */
export function writeEntriesBatch(jobs: readonly EntriesJob[], cacheDir: string): TaskResult[] {
  const written: (Uint8Array | string)[] = jobs.map((job) => {
    const bytes = readCached(cacheDir, job.object);
    if (!bytes) return job.object.key;
    const source = prerenderEntries({ articles: [decodeArticle(bytes, job.slug)], bytes: new Uint8Array(0) }, job.options);
    return encodeEntries(source.articles[0]!, source.bytes);
  });
  const places = writeSegment(
    cacheDir,
    'entries',
    written.filter((w): w is Uint8Array => typeof w !== 'string'),
  );
  let next = 0;
  return written.map((w) => (typeof w === 'string' ? { stale: w } : { at: places[next++]! }));
}

/** One article's entries as writeEntriesBatch wrote them, or null when they are damaged or gone. */
export function readEntries(cacheDir: string, at: Location): FeedSource | null {
  const record = readAt(cacheDir, at);
  if (!record || record.byteLength < DIGEST + 4) return null;
  const rest = record.subarray(DIGEST);
  if (!createHash('sha256').update(rest).digest().equals(record.subarray(0, DIGEST))) return null;
  const length = new DataView(rest.buffer, rest.byteOffset, rest.byteLength).getUint32(0, true);
  if (4 + length > rest.byteLength) return null;
  try {
    return { articles: [JSON.parse(decoder.decode(rest.subarray(4, 4 + length))) as Article], bytes: rest.subarray(4 + length) };
  } catch {
    return null;
  }
}

// An article's entries in the compile cache: the SHA-256 of the rest, which tells a damaged record
// from a good one (native, it costs half what the packs' FNV-1a does in JavaScript over the same
// bytes, and every record is read once for each feed that lists it); then the article as JSON
// after its u32 LE length, and the bytes its entries point into.
const DIGEST = 32;

function encodeEntries(article: Article, bytes: Uint8Array): Uint8Array {
  const json = encoder.encode(JSON.stringify(article));
  const record = Buffer.alloc(DIGEST + 4 + json.byteLength + bytes.byteLength);
  record.writeUInt32LE(json.byteLength, DIGEST);
  record.set(json, DIGEST + 4);
  record.set(bytes, DIGEST + 4 + json.byteLength);
  createHash('sha256').update(record.subarray(DIGEST)).digest().copy(record, 0);
  return record;
}

export function writePacks(jobs: readonly PackJob[], cacheDir: string): TaskResult[] {
  return jobs.map((job) => writePack(job, cacheDir));
}

function writePack(job: PackJob, cacheDir: string): TaskResult {
  const objects = new Map<string, Uint8Array>(job.objects.map(({ key, bytes }) => [key, bytes]));
  for (const { key, object } of job.articles) {
    const bytes = readCached(cacheDir, object);
    if (!bytes) return { stale: object.key };
    objects.set(key, bytes);
  }
  for (const { key, topic, entries } of job.feeds) {
    const sources: FeedSource[] = [];
    for (const { at, object } of entries) {
      const source = readEntries(cacheDir, at);
      if (!source) return { stale: object.key };
      sources.push(source);
    }
    for (const [part, bytes] of feedObjectEntries(key, { topic, source: joinEntries(sources) })) objects.set(part, bytes);
  }
  const bytes = encodePack(objects);
  if (bytes.byteLength > ASSET_FILE_BYTES) return { tooLarge: job.path, size: bytes.byteLength };
  writeAtomically(job.path, bytes);
  return { done: true };
}

/** A cached object's bytes, or null when it is gone or does not match its hash. */
export function readCached(cacheDir: string, object: CachedObject): Uint8Array | null {
  const bytes = readAt(cacheDir, object.at);
  return bytes && createHash('sha256').update(bytes).digest('hex') === object.hash ? bytes : null;
}

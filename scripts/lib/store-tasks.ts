// What the compile pool (compile-pool.ts) does after parsing, on every core: writes each article's
// feed entries ahead, once, into the compile cache (an article is listed by the site's feed, its
// language's and each of its tags'); and writes the store's packs of articles and of feeds, the
// feeds joined from those entries. Each reads only the compile cache, and says which cache entry
// is damaged or gone rather than write from it.
import { createHash } from 'node:crypto';
import { joinEntries, type PrerenderOptions, prerenderEntries } from '../../src/feeds/prerender-entries';
import type { Article, ArticleHead, FeedSource, Topic } from '../../src/model';
import { decodeArticle, encodeFeedObjectOfBodies, feedObjectEntries, headOf } from '../../src/store/objects';
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

/**
 * One article's entries as the cache keeps them: its head, the bytes its entries point into, and
 * apart its body (the JSON of its blocks, UTF-8), which a feed object takes as it is.
 */
export interface CachedEntries {
  source: FeedSource<ArticleHead>;
  body: Uint8Array;
}

/** One article's entries as writeEntriesBatch wrote them, or null when they are damaged or gone. */
export function readEntries(cacheDir: string, at: Location): CachedEntries | null {
  const record = readAt(cacheDir, at);
  if (!record || record.byteLength < DIGEST + 8) return null;
  const rest = record.subarray(DIGEST);
  if (!createHash('sha256').update(rest).digest().equals(record.subarray(0, DIGEST))) return null;
  const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
  const headLength = view.getUint32(0, true);
  if (8 + headLength > rest.byteLength) return null;
  const bodyLength = view.getUint32(4 + headLength, true);
  const bytesAt = 8 + headLength + bodyLength;
  if (bytesAt > rest.byteLength) return null;
  try {
    const head = JSON.parse(decoder.decode(rest.subarray(4, 4 + headLength))) as ArticleHead;
    return { source: { articles: [head], bytes: rest.subarray(bytesAt) }, body: rest.subarray(8 + headLength, bytesAt) };
  } catch {
    return null;
  }
}

// An article's entries in the compile cache: the SHA-256 of the rest, which tells a damaged record
// from a good one (native, it costs half what the packs' FNV-1a does in JavaScript over the same
// bytes, and every record is read once for each batch of packs that lists it); then the article's
// head as JSON and its body as JSON, each after its u32 LE length, and the bytes its entries point
// into. The body is kept apart so that joining a feed never parses it (it is most of the JSON).
const DIGEST = 32;

function encodeEntries(article: Article, bytes: Uint8Array): Uint8Array {
  const head = encoder.encode(JSON.stringify(headOf(article)));
  const body = encoder.encode(JSON.stringify(article.blocks));
  const record = Buffer.alloc(DIGEST + 8 + head.byteLength + body.byteLength + bytes.byteLength);
  let at = DIGEST;
  for (const part of [head, body]) {
    record.writeUInt32LE(part.byteLength, at);
    record.set(part, at + 4);
    at += 4 + part.byteLength;
  }
  record.set(bytes, at);
  createHash('sha256').update(record.subarray(DIGEST)).digest().copy(record, 0);
  return record;
}

// How many packs share the entries they read: the pool's batch of packs (compile-pool.ts). A batch
// run in one thread may be every pack of the archive, and what is read is kept until its group is
// written: a group bounds it (at most a few hundred entries), whatever the archive.
const PACKS_SHARING_READS = 4;

export function writePacks(jobs: readonly PackJob[], cacheDir: string): TaskResult[] {
  // An article's entries are read once for a group of packs, not once for each feed that lists it:
  // after an edit of the newest article, the site's feed and its language's list the same fifty.
  const results: TaskResult[] = [];
  for (let start = 0; start < jobs.length; start += PACKS_SHARING_READS) {
    const read = new Map<string, CachedEntries | null>();
    const entriesAt = (at: Location) => {
      const key = `${at.segment}:${at.offset}:${at.length}`;
      let entries = read.get(key);
      if (entries === undefined) read.set(key, (entries = readEntries(cacheDir, at)));
      return entries;
    };
    for (const job of jobs.slice(start, start + PACKS_SHARING_READS)) results.push(writePack(job, cacheDir, entriesAt));
  }
  return results;
}

function writePack(job: PackJob, cacheDir: string, entriesAt: (at: Location) => CachedEntries | null): TaskResult {
  const objects = new Map<string, Uint8Array>(job.objects.map(({ key, bytes }) => [key, bytes]));
  for (const { key, object } of job.articles) {
    const bytes = readCached(cacheDir, object);
    if (!bytes) return { stale: object.key };
    objects.set(key, bytes);
  }
  for (const { key, topic, entries } of job.feeds) {
    const sources: FeedSource<ArticleHead>[] = [];
    const bodies: Uint8Array[] = [];
    for (const { at, object } of entries) {
      const cached = entriesAt(at);
      if (!cached) return { stale: object.key };
      sources.push(cached.source);
      bodies.push(cached.body);
    }
    for (const [part, bytes] of feedObjectEntries(key, encodeFeedObjectOfBodies(topic, joinEntries(sources), bodies))) objects.set(part, bytes);
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

import { hash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleMeta } from '../../src/archive/assemble-archive';
import type { Diagnostic } from '../../src/content/diagnostics';
import type { Location } from './cache-segments';
import { writeAtomically } from './write-atomically';

// The compile cache's index: what each compiled file (by its cache key) compiled to, less its
// body, which lies in a segment (cache-segments.ts). Every build reads it whole, so it holds only
// what every build needs, in rows rather than objects (about 250 bytes an article, where JSON
// objects with the metadata took 980): the metadata (the "head" the plan is made from) is kept
// apart, by its hash, in a file read only when the plan must be made again (compile-site.ts). A
// build that compiled a few files appends their rows to a journal beside the index rather than
// write 10,000 rows again; every 64 builds, or when many rows are no longer used, the index is
// written anew with the rows in use alone, the journal removed and unused segments collected. One
// index per code version; a damaged index or journal line is a cache miss, never an answer.

/** A compiled file as the index keeps it. */
export interface IndexEntry {
  path: string;
  slug: string;
  /** Its ArticleMeta's hash (headHash): the heads file holds the metadata by it. */
  head: string;
  warnings: Diagnostic[];
  used: string[];
  /** The article object (its model as JSON) in the compile cache, and its SHA-256. */
  object: Location;
  objectHash: string;
  /** Its feed entries written ahead in the compile cache, by configuration (store-tasks.ts). */
  entries?: Record<string, Location>;
}

/** The hash a head is kept by: of its JSON, which a head's fields decide in a fixed order (metaOf). */
export function headHash(meta: ArticleMeta): string {
  return hash('sha256', JSON.stringify(meta)).slice(0, 32);
}

const indexFile = (cacheDir: string, code: string) => join(cacheDir, `index-${code.slice(0, 16)}.json`);
const journalFile = (cacheDir: string, code: string) => join(cacheDir, `index-${code.slice(0, 16)}.log`);
/** Journal lines, and rows no longer in use, that have the index written anew. */
const JOURNAL_LINES = 64;
const unused = (live: number) => Math.max(64, live / 8);
const headsFile = (cacheDir: string, code: string) => join(cacheDir, `heads-${code.slice(0, 16)}.json`);

// A row: key, path, slug, head, objectHash, segment number, offset, length, warnings, used, then
// each configuration's entries as configuration, segment number, offset, length. Segment names are
// listed once: a segment holds a batch of objects.
type Row = [string, string, string, string, string, number, number, number, Diagnostic[], string[], ...(string | number)[]];

/**
 * The index as it was written and journaled since (an empty one when it is missing or damaged; the
 * journal's lines up to the first damaged or unfinished one), and its writer.
 */
export function openIndex(cacheDir: string, code: string) {
  let entries = new Map<string, IndexEntry>();
  let rows = 0;
  let lines = 0;
  try {
    entries = decodeIndex(readFileSync(indexFile(cacheDir, code), 'utf8'));
    rows = entries.size;
    let journal = '';
    try {
      journal = readFileSync(journalFile(cacheDir, code), 'utf8');
    } catch {
      // No journal: nothing compiled since the index was written.
    }
    // A last line without its newline was cut short (a build killed while appending): a row
    // appended after it would join it and never be read, so the next write is of the index anew.
    if (journal.length > 0 && !journal.endsWith('\n')) lines = JOURNAL_LINES;
    for (let start = 0, end = journal.indexOf('\n'); end >= 0; start = end + 1, end = journal.indexOf('\n', start)) {
      const added = decodeIndex(journal.slice(start, end));
      for (const [key, entry] of added) entries.set(key, entry);
      rows += added.size;
      lines++;
    }
  } catch {
    // A damaged line ends what is read of the journal; a damaged index is no index. Either way the
    // next write is of the index anew: rows appended after a damaged line would never be read.
    lines = JOURNAL_LINES;
  }
  return {
    entries,
    /**
     * Records the `changed` keys' entries: appended to the journal, or, when it is long or many
     * rows are no longer used, the index written anew with the `live` keys' alone (in key order).
     * Returns the entries kept when it wrote the index anew: what the cache's segments must keep.
     */
    write(live: ReadonlySet<string>, changed: ReadonlySet<string>): IndexEntry[] | null {
      if (changed.size === 0 && rows - live.size <= unused(live.size)) return null;
      if (rows > 0 && lines < JOURNAL_LINES && rows + changed.size - live.size <= unused(live.size)) {
        const added = new Map<string, IndexEntry>();
        for (const key of changed) if (entries.has(key)) added.set(key, entries.get(key)!);
        appendFileSync(journalFile(cacheDir, code), `${encodeIndex(added)}\n`);
        return null;
      }
      const kept = new Map<string, IndexEntry>();
      for (const key of [...live].sort()) if (entries.has(key)) kept.set(key, entries.get(key)!);
      writeAtomically(indexFile(cacheDir, code), encodeIndex(kept));
      rmSync(journalFile(cacheDir, code), { force: true });
      return [...kept.values()];
    },
  };
}

export function encodeIndex(index: ReadonlyMap<string, IndexEntry>): string {
  const segments = new Map<string, number>();
  const segment = (name: string) => {
    let n = segments.get(name);
    if (n === undefined) segments.set(name, (n = segments.size));
    return n;
  };
  const rows: Row[] = [];
  for (const [key, e] of index) {
    const row: Row = [key, e.path, e.slug, e.head, e.objectHash, segment(e.object.segment), e.object.offset, e.object.length, e.warnings, e.used];
    for (const [configuration, at] of Object.entries(e.entries ?? {})) row.push(configuration, segment(at.segment), at.offset, at.length);
    rows.push(row);
  }
  return JSON.stringify({ segments: [...segments.keys()], rows });
}

/** Throws on anything but what encodeIndex writes. */
export function decodeIndex(text: string): Map<string, IndexEntry> {
  const { segments, rows } = JSON.parse(text) as { segments: string[]; rows: Row[] };
  if (!Array.isArray(segments) || !Array.isArray(rows)) throw new Error('not an index');
  const at = (n: unknown, offset: unknown, length: unknown): Location => {
    const segment = segments[n as number];
    if (typeof segment !== 'string' || typeof offset !== 'number' || typeof length !== 'number') throw new Error('not an index');
    return { segment, offset, length };
  };
  const index = new Map<string, IndexEntry>();
  for (const row of rows) {
    const [key, path, slug, head, objectHash, n, offset, length, warnings, used] = row;
    if (
      typeof key !== 'string' ||
      typeof path !== 'string' ||
      typeof slug !== 'string' ||
      typeof head !== 'string' ||
      typeof objectHash !== 'string' ||
      !Array.isArray(warnings) ||
      !Array.isArray(used) ||
      (row.length - 10) % 4 !== 0
    )
      throw new Error('not an index');
    const entry: IndexEntry = { path, slug, head, warnings, used, object: at(n, offset, length), objectHash };
    for (let i = 10; i < row.length; i += 4) {
      const configuration = row[i];
      if (typeof configuration !== 'string') throw new Error('not an index');
      (entry.entries ??= {})[configuration] = at(row[i + 1], row[i + 2], row[i + 3]);
    }
    index.set(key, entry);
  }
  return index;
}

/**
 * The heads (ArticleMeta) by hash, read on first use: a build whose plan is kept never reads them.
 * `get` answers undefined for a head that is not kept (a damaged or missing file).
 */
export function lazyHeads(cacheDir: string, code: string) {
  let read: Map<string, ArticleMeta> | null = null;
  let readCount = 0;
  const added = new Map<string, ArticleMeta>();
  const load = () => {
    if (!read) {
      try {
        read = new Map(Object.entries(JSON.parse(readFileSync(headsFile(cacheDir, code), 'utf8')) as Record<string, ArticleMeta>));
      } catch {
        read = new Map();
      }
      readCount = read.size;
    }
    return read;
  };
  return {
    load,
    // Both read the file: a build that asks for heads writes them back if they changed.
    get: (head: string): ArticleMeta | undefined => load().get(head) ?? added.get(head),
    has: (head: string): boolean => load().has(head) || added.has(head),
    /** A head compiled in this build. */
    add(head: string, meta: ArticleMeta) {
      added.set(head, meta);
    },
    /**
     * Writes the heads in use (`live`, asked for only then) when they are not what the file holds.
     * Only a build that read the file can know: one that did not kept its plan, so its heads are
     * those the file was written with.
     */
    write(live: () => ReadonlySet<string>) {
      if (!read) return;
      const kept: Record<string, ArticleMeta> = {};
      let fromFile = 0;
      for (const head of [...live()].sort()) {
        const meta = added.get(head) ?? read.get(head);
        if (!meta) continue;
        kept[head] = meta;
        if (read.has(head)) fromFile++;
      }
      if (fromFile === readCount && Object.keys(kept).length === readCount) return;
      writeAtomically(headsFile(cacheDir, code), JSON.stringify(kept));
    },
  };
}
export type Heads = ReturnType<typeof lazyHeads>;

// Another code version's index and heads (another branch, the code before an edit) are kept as its
// segments are (cache-segments.ts): an hour after that version last compiled they go, with the
// segments they point to; kept longer, they would point to objects that are gone.
const OTHER_VERSION = /^(index|heads)-([0-9a-f]{16})\.(json|log)$/;
const KEEP_OTHER_MS = 60 * 60 * 1000;

/** Removes the index, journal and heads of code versions other than `code` not written for an hour. */
export function removeOtherVersions(cacheDir: string, code: string, now = Date.now()): void {
  for (const name of readdirSync(cacheDir)) {
    const match = OTHER_VERSION.exec(name);
    if (!match || match[2] === code.slice(0, 16)) continue;
    try {
      if (now - statSync(join(cacheDir, name)).mtimeMs > KEEP_OTHER_MS) rmSync(join(cacheDir, name), { force: true });
    } catch {
      // Removed meanwhile by another compile.
    }
  }
}

// Compiles content/ into what the Worker serves (README, "Compiled ahead of serving"):
//   src/generated/content.ts + content.bin   the bundle: the newest articles with their feed
//                                             entries written ahead, the index's first page, the
//                                             store's layout (a Data module, UTF-8)
//   src/generated/store/                      the store: the archive in packs, served to the
//                                             Worker as Workers Static Assets (ASSETS binding)
// Incremental: what a file compiled to is kept in node_modules/.cache/nashra, keyed by the file's
// path and bytes and the code's hash, and so are its feed entries written ahead; only changed files
// are parsed again (on every core), a file whose size and times are unchanged is not even read,
// and only packs whose objects changed are written. The output is byte-identical to a clean compile.
// `--timings` prints where the time went, phase by phase.
// Run by `npm run compile`, and by wrangler's [build] on `wrangler dev` (again on every change
// under content/ or src/) and `wrangler deploy`. Exits 1, writing nothing, on any content error.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type ArchiveOptions, type ArchivePlan, type ArticleMeta, listObjectBytes, manifestOf, packKeys, planArchive } from '../src/archive/assemble-archive';
import { ConfigError, readSiteConfig } from '../src/config';
import { entriesByFile, readRecordFile, staleEntries } from '../src/content/apply-citation-records';
import { CITATION_RECORD, type RecordEntry } from '../src/content/citation-record';
import { ContentError, type Diagnostic, formatDiagnostic } from '../src/content/diagnostics';
import { joinEntries } from '../src/feeds/prerender-entries';
import type { FeedSource } from '../src/model';
import { encodeManifest } from '../src/store/objects';
import { encodePack } from '../src/store/pack';
import { type Family, packPath } from '../src/store/read-store';
import { createPool } from './lib/compile-pool';
import type { ParseJob, Parsed } from './lib/parse-one';
import { collectGarbage, type Location, readAt } from './lib/cache-segments';
import { type CachedObject, type EntriesJob, type PackJob, readEntries, type TaskResult } from './lib/store-tasks';
import { wranglerVars } from './lib/wrangler-vars';
import { writeAtomically } from './lib/write-atomically';

const root = process.cwd();
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const contentDir = resolve(root, option('--content', 'content'));
const out = resolve(root, option('--out', 'src/generated/content.ts'));
const storeDir = resolve(root, option('--store', join(dirname(out), 'store')));
const cacheDir = resolve(root, option('--cache', 'node_modules/.cache/nashra'));
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const timings = args.includes('--timings');
/** A path as diagnostics name it: relative to the project root, with forward slashes. */
const relativePath = (absolute: string) => relative(root, absolute).split('\\').join('/');

/**
 * The site configuration the Worker will be deployed with, read from wrangler.toml by the same
 * rules as at run time (src/config.ts), for the environment named by `--env` or CLOUDFLARE_ENV.
 * The build depends on SITE_LANG, SITE_AUTHOR and FEED_ITEMS: which feed entries are written
 * ahead, how many a feed can list, and the language pages of articles without their own.
 */
function archiveOptions(): ArchiveOptions {
  const env = option('--env', process.env.CLOUDFLARE_ENV ?? '') || undefined;
  const file = option('--config', 'wrangler.toml');
  const { vars, where } = wranglerVars(readFileSync(resolve(root, file), 'utf8'), env, file);
  const site = readSiteConfig(vars, where);
  return { siteLang: site.lang, siteAuthor: site.author, feedItems: site.feedItems };
}

/**
 * Hash of the code that turns content into bytes (src/, less what this script generates, and
 * scripts/). It keys the compile cache, and is part of the content version, which keys the Cache
 * API: a deploy that changes how feeds are written must not be answered with bytes the old code wrote.
 */
function codeHash(): string {
  const generated = dirname(out);
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory() && path !== generated && path !== resolve(root, 'src/generated')) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  for (const dir of ['src', 'scripts']) if (existsSync(resolve(root, dir))) walk(resolve(root, dir));
  return sha256(
    files
      .sort()
      .map((f) => `${relative(root, f)}\0${readFileSync(f, 'utf8')}`)
      .join('\0'),
  );
}

/** What the last build of this store wrote: each pack's signature, to write only what changed. */
interface State {
  packs: Record<string, string>;
}

/** Per phase, the milliseconds it took, printed with --timings. */
function phases() {
  const spent: [string, number][] = [];
  let last = performance.now();
  return {
    done(phase: string) {
      const now = performance.now();
      spent.push([phase, now - last]);
      last = now;
    },
    print() {
      if (timings) console.error(`nashra: timings: ${spent.map(([p, ms]) => `${p} ${ms.toFixed(0)} ms`).join(', ')}`);
    },
  };
}

async function main(verify: boolean) {
  const started = performance.now();
  const phase = phases();
  const options = archiveOptions();
  const code = codeHash();
  const state = readState();

  // The record `npm run cite` keeps of resolved citations (README, "Citations"): read, never the network.
  const recordPath = join(contentDir, CITATION_RECORD);
  const read = existsSync(recordPath) ? readRecordFile({ path: relativePath(recordPath), bytes: readFileSync(recordPath) }) : null;
  if (read && 'errors' in read) throw new ContentError(read.errors);
  const record = read?.record ?? null;
  const entries = record ? entriesByFile(record) : new Map<string, RecordEntry[]>();

  // 1. Compile what changed: a file's object is cached under its path, its bytes, its entries in
  // the citation record and the code's hash.
  const names = readdirSync(contentDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && entry.name !== CITATION_RECORD)
    .map((entry) => entry.name)
    .sort();
  const index = readIndex(code);
  const files = readFileRecords();
  const jobs: ParseJob[] = [];
  const keys = new Map<string, string>();
  const under = relativePath(contentDir);
  for (const name of names) {
    const absolute = join(contentDir, name);
    const path = under ? `${under}/${name}` : name;
    const cited = entries.get(name) ?? [];
    const key = sha256(`${code}\0${path}\0${JSON.stringify(cited)}`).slice(0, 16) + files.hashOf(name, absolute);
    keys.set(path, key);
    if (!cached(index.get(key), verify)) jobs.push({ path, absolute, entries: cited });
  }
  phase.done('read');
  const threads = Number(option('--threads', '0')) || undefined;
  const pool = createPool({ root, cacheDir, codeHash: code, threads });
  try {
    const parsed = await pool.run('parse', jobs);
    phase.done('parse');
    await finish(parsed);
  } finally {
    await pool.close();
  }

  async function finish(parsed: Parsed[]) {
    for (const p of parsed) index.set(keys.get(p.path)!, p);
    const results = [...keys.entries()].map(([, key]) => index.get(key)!);
    const errors = results.flatMap((r) => ('errors' in r ? r.errors : []));
    if (errors.length > 0) throw new ContentError(errors);
    const compiled = results as Extract<Parsed, { meta: ArticleMeta }>[];
    const warnings: Diagnostic[] = compiled.flatMap((r) => r.warnings);
    if (record) warnings.push(...staleEntries(record, relativePath(recordPath), new Set(compiled.flatMap((r) => r.used))));
    for (const w of warnings) console.warn(formatDiagnostic(w, 'warning'));

    // 2. Plan the archive from the metadata alone, and name this version of it.
    const plan = planArchive(
      compiled.map((r) => r.meta),
      options,
    );
    const bySlug = new Map(compiled.map((r) => [r.meta.slug, r]));
    const version = sha256([code, JSON.stringify(options), ...plan.order.map((m) => `${m.slug}\0${bySlug.get(m.slug)!.objectHash}`)].join('\0')).slice(0, 16);
    const objectOf = (slug: string): CachedObject => {
      const entry = bySlug.get(slug)!;
      return { key: keys.get(entry.path)!, at: entry.object, hash: entry.objectHash };
    };
    const stale = (results: TaskResult[]) => {
      for (const r of results) if ('stale' in r) throw new StaleCache(r.stale);
    };
    phase.done('plan');

    // 3. The feed entries of every article a feed lists (the newest FEED_ITEMS, and each tag's and
    // language's), written ahead once per article and kept in the cache for this configuration.
    const configuration = sha256(JSON.stringify(options)).slice(0, 16);
    const newest = plan.order.slice(0, options.feedItems).map((m) => m.slug);
    const listed = new Set([...newest, ...[...plan.feeds.values()].flatMap((feed) => feed.slugs)]);
    const unwritten = [...listed].filter((slug) => verify || !bySlug.get(slug)!.entries?.[configuration]);
    const written = await pool.run(
      'entries',
      unwritten.map((slug): EntriesJob => ({ slug, object: objectOf(slug), options })),
    );
    stale(written);
    unwritten.forEach((slug, i) => {
      // One configuration's entries are kept: another (another environment) writes its own.
      bySlug.get(slug)!.entries = { [configuration]: (written[i] as { at: Location }).at };
    });
    const entriesAt = (slug: string) => bySlug.get(slug)!.entries![configuration]!;
    phase.done('entries');

    // 4. The store: each pack written only when what it holds changed.
    const signatures: Record<string, string> = {};
    const packJobs: PackJob[] = [];
    const pack = (family: Family, n: number, signature: string, write: (path: string) => PackJob | null) => {
      const path = packPath(plan.layout, family, n);
      signatures[path] = signature;
      if (state.packs[path] === signature && existsSync(join(storeDir, path))) return;
      const job = write(join(storeDir, path));
      if (job) packJobs.push(job);
    };
    for (const [n, slugs] of packKeys(plan, 'articles')) {
      const signature = sha256(slugs.map((s) => `${s}\0${bySlug.get(s)!.objectHash}`).join('\0'));
      pack('articles', n, signature, (path) => ({ path, articles: slugs.map((key) => ({ key, object: objectOf(key) })), feeds: [] }));
    }
    for (const [n, listKeys] of packKeys(plan, 'lists')) {
      // A list page is made of its topic, its place among the pages and its articles' metadata,
      // which their objects decide (the code that writes it is in `code`).
      const signature = sha256(
        [
          code,
          ...listKeys.map((k) => {
            const list = plan.lists.get(k)!;
            return `${k}\0${JSON.stringify(list.topic)}\0${list.page}/${list.pages}\0${list.items.map((item) => bySlug.get(item.slug)!.objectHash).join(',')}`;
          }),
        ].join('\0'),
      );
      pack('lists', n, signature, (path) => {
        writeAtomically(path, encodePack(new Map(listKeys.map((k) => [k, listObjectBytes(plan.lists.get(k)!)]))));
        return null;
      });
    }
    for (const [n, feedKeys] of packKeys(plan, 'feeds')) {
      const signature = sha256(
        [
          code,
          JSON.stringify(options),
          ...feedKeys.map((k) => {
            const feed = plan.feeds.get(k)!;
            return `${k}\0${JSON.stringify(feed.topic)}\0${feed.slugs.map((s) => bySlug.get(s)!.objectHash).join(',')}`;
          }),
        ].join('\0'),
      );
      pack('feeds', n, signature, (path) => ({
        path,
        articles: [],
        feeds: feedKeys.map((key) => {
          const feed = plan.feeds.get(key)!;
          return { key, topic: feed.topic, entries: feed.slugs.map((s) => ({ at: entriesAt(s), object: objectOf(s) })) };
        }),
      }));
    }
    stale(await pool.run('pack', packJobs));
    phase.done('packs');

    // 5. The bundle, last: until it is written, the Worker reads the packs it was built with.
    const sources: FeedSource[] = newest.map((slug) => {
      const source = readEntries(cacheDir, entriesAt(slug));
      if (!source) throw new StaleCache(objectOf(slug).key);
      return source;
    });
    writeBundle(encodeManifest(manifestOf(plan, joinEntries(sources), version)));
    removeStale(plan);
    writeState({ packs: signatures });
    // The index changes when a file was compiled, entries were written, or a file went away.
    const live = new Set(keys.values());
    if (parsed.length > 0 || unwritten.length > 0 || index.size !== live.size) {
      const kept = writeIndex(code, index, live);
      collectGarbage(
        cacheDir,
        kept.flatMap((entry) => ('meta' in entry ? [entry.object, ...Object.values(entry.entries ?? {})] : [])),
      );
    }
    files.write();
    phase.done('bundle');

    const ms = (performance.now() - started).toFixed(0);
    const changed = jobs.length === names.length ? '' : `, ${jobs.length} compiled anew`;
    console.log(
      `nashra: compiled ${plan.order.length} article(s)${changed}, version ${version}, into ${relative(root, out)} and ${relative(root, storeDir)}/ in ${ms} ms`,
    );
    phase.print();
  }
}

/** Packs of a layout the new bundle no longer reads: removed once it is written. */
function removeStale(plan: ArchivePlan) {
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    const dir = join(storeDir, family);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) if (entry !== String(plan.layout[family])) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

function writeBundle(bin: Uint8Array) {
  const source = [
    '// Generated by scripts/compile-content.ts from content/. Do not edit: run `npm run compile`.',
    "import type { Manifest } from '../model';",
    "import { decodeManifest } from '../store/objects';",
    '// The manifest as UTF-8 (a Data module): the newest articles, their feed entries, the store layout.',
    "import data from './content.bin';",
    '',
    'export const manifest: Manifest = decodeManifest(new Uint8Array(data));',
    '',
  ].join('\n');
  // The bytes first, so that the module never points into bytes that are not there yet.
  writeAtomically(join(dirname(out), 'content.bin'), bin);
  writeAtomically(out, source);
}

/**
 * Whether a file's cache entry can stand for it. Without `verify`, the index is trusted: an object
 * that turns out to be gone or damaged when a pack needs it stops the build (StaleCache), and the
 * second pass, verifying, checks every object against its hash.
 */
function cached(entry: Parsed | undefined, verify: boolean): boolean {
  if (!entry || !('meta' in entry) || !entry.object) return false;
  if (!verify) return true;
  const bytes = readAt(cacheDir, entry.object);
  return bytes !== null && sha256(bytes) === entry.objectHash;
}

/** A cached object that is gone or does not match its hash: never used, compiled again. */
class StaleCache extends Error {
  constructor(readonly key: string) {
    super(`nashra: the compile cache's entry ${key} is damaged; checking every entry and compiling again what does not match`);
  }
}

// The index of compiled files, by key: what each compiled to, less its body (kept in a segment).
// One file per code version; a damaged one is a cache miss, never an answer.
function indexFile(code: string): string {
  return join(cacheDir, `index-${code.slice(0, 16)}.json`);
}

function readIndex(code: string): Map<string, Parsed> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(indexFile(code), 'utf8')) as Record<string, Parsed>));
  } catch {
    return new Map();
  }
}

/** Writes the entries of the `live` keys (those of the content as it is now); returns them. */
function writeIndex(code: string, index: Map<string, Parsed>, live: Set<string>): Parsed[] {
  const kept: Record<string, Parsed> = {};
  for (const key of [...live].sort()) if (index.has(key)) kept[key] = index.get(key)!;
  writeAtomically(indexFile(code), JSON.stringify(kept));
  return Object.values(kept);
}

// A content file changed this recently may change again within one tick of the file system's clock,
// keeping its size and times: its hash is not kept, so that it is read again next time.
const RACY_MS = 3000;

/** What a content file hashed to, with the size, times and inode it had then. */
interface FileRecord {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
}

/**
 * The hashes of the content files, kept between builds by name (as git keeps its index): a file
 * whose size, modification and change times and inode are what they were is not read again.
 * Any write changes its change time, which no tool can set back.
 */
function readFileRecords() {
  const file = join(cacheDir, 'files', `${sha256(contentDir).slice(0, 16)}.json`);
  let known: Record<string, FileRecord> = {};
  try {
    known = JSON.parse(readFileSync(file, 'utf8')) as Record<string, FileRecord>;
  } catch {
    // None yet, or damaged: every file is read.
  }
  const next: Record<string, FileRecord> = {};
  let changed = false;
  return {
    hashOf(name: string, absolute: string): string {
      const stat = statSync(absolute);
      const was = known[name];
      if (was && was.size === stat.size && was.mtimeMs === stat.mtimeMs && was.ctimeMs === stat.ctimeMs && was.ino === stat.ino) {
        next[name] = was;
        return was.hash;
      }
      const hash = sha256(readFileSync(absolute)).slice(0, 32);
      const now = Date.now();
      if (now - stat.mtimeMs > RACY_MS && now - stat.ctimeMs > RACY_MS)
        next[name] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, hash };
      changed = true;
      return hash;
    },
    write() {
      if (changed || Object.keys(next).length !== Object.keys(known).length) writeAtomically(file, JSON.stringify(next));
    },
  };
}

function stateFile(): string {
  return join(cacheDir, 'states', `${sha256(storeDir).slice(0, 16)}.json`);
}

function readState(): State {
  try {
    return JSON.parse(readFileSync(stateFile(), 'utf8')) as State;
  } catch {
    return { packs: {} };
  }
}

function writeState(next: State) {
  writeAtomically(stateFile(), JSON.stringify(next));
}

try {
  // A damaged cache entry found while writing costs one more pass, never a wrong output: the
  // second pass checks every cached object against its hash and compiles again what does not match.
  try {
    await main(false);
  } catch (e) {
    if (!(e instanceof StaleCache)) throw e;
    console.warn(e.message);
    await main(true);
  }
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`${e.message}\nnashra: nothing was written`);
  } else if (e instanceof ContentError) {
    for (const d of e.diagnostics) console.error(formatDiagnostic(d, 'error'));
    console.error(`nashra: content has ${e.diagnostics.length} error(s); nothing was written`);
  } else throw e;
  process.exit(1);
}

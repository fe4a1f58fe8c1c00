// `npm run compile`: content/ into what the Worker serves (README, "Compiled ahead of serving"):
//   generated/content.ts + content.bin   the bundle: the newest articles with their feed entries
//                                         written ahead, the index's first page, the store's
//                                         layout (a Data module, UTF-8)
//   generated/store/                      the store: the archive in packs, served to the Worker
//                                         as Workers Static Assets (ASSETS binding)
// Outside src/, which wrangler dev watches: writing them must not start another build.
// Incremental: what a file compiled to is kept in node_modules/.cache/nashra, keyed by the file's
// path and bytes, its entries in the citation record and the code's hash; only changed files are
// parsed again (on every core), and only packs whose objects changed are written. The output is
// byte for byte what a clean compile writes. Nothing is written on any error.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  type ArchiveOptions,
  type ArchivePlan,
  type ArticleMeta,
  feedObjectBytes,
  listObjectBytes,
  manifestOf,
  packKeys,
  planArchive,
} from '../../src/archive/assemble-archive';
import { ConfigError, readSiteConfig } from '../../src/config';
import { entriesByFile, readRecordFile, staleEntries } from '../../src/content/apply-citation-records';
import { CITATION_RECORD, type RecordEntry } from '../../src/content/citation-record';
import { ContentError, type Diagnostic, formatDiagnostic } from '../../src/content/diagnostics';
import type { Article } from '../../src/model';
import { decodeArticle, encodeManifest } from '../../src/store/objects';
import { encodePack } from '../../src/store/pack';
import { type Family, packPath } from '../../src/store/read-store';
import { parseAll } from './parse-pool';
import type { ParseJob, Parsed } from './parse-one';
import { readContent } from './read-content';
import { wranglerVars } from './wrangler-vars';

// What Cloudflare deploys and runs (README, "Limits"): a Worker of at most 3 MB (Workers Free) or
// 10 MB (Workers Paid) compressed, in an isolate of 128 MB; Static Assets of 20,000 files (Free)
// or 100,000 (Paid) a version, 25 MiB each. The bundle holds only the newest articles, whatever
// the archive's size, so its limits are reached only by articles of absurd size; past 32 MB
// uncompressed its decoded model and a render no longer fit an isolate with room to serve.
const FREE_BUNDLE_BYTES = 3 * 1024 * 1024;
const PAID_BUNDLE_BYTES = 10 * 1024 * 1024;
const MEMORY_BYTES = 32 * 1024 * 1024;
const FREE_ASSET_FILES = 20_000;
const PAID_ASSET_FILES = 100_000;
const ASSET_FILE_BYTES = 25 * 1024 * 1024;

export interface CompileOptions {
  /** The project: paths below are relative to it, and so are the paths diagnostics name. */
  root: string;
  /** The content folder. */
  contentDir: string;
  /** The bundle's module; content.bin is written beside it, and the store under it (store/) unless `store` says. */
  out: string;
  store?: string;
  /** The compile cache (default node_modules/.cache/nashra). */
  cache?: string;
  /** wrangler.toml, and the environment named by --env or CLOUDFLARE_ENV. */
  config: string;
  env: string | undefined;
  /** Threads to parse on (default: every core). */
  threads?: number;
}

export interface CompileResult {
  /** `content/<file>:<line>: …` lines, warnings first, as they are printed. */
  warnings: string[];
  errors: string[];
  /** The closing line: what was written, or that nothing was. */
  summary: string;
  ok: boolean;
}

/** What the last build of this store wrote: each pack's signature, to write only what changed. */
interface State {
  packs: Record<string, string>;
}

type PackSource = (keys: string[]) => { signature: string; bytes: () => Uint8Array };

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
/** Where the compiler's own code is (src/ and scripts/): what the code hash covers and the bundle imports. */
const CODE_ROOT = resolve(import.meta.dirname, '../..');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Compiles the site, or says why not; every problem named by its file and line. */
export async function compileSite(options: CompileOptions): Promise<CompileResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const out = resolve(root, options.out);
  const paths = {
    root,
    out,
    content: resolve(root, options.contentDir),
    store: resolve(root, options.store ?? join(dirname(out), 'store')),
    cache: resolve(root, options.cache ?? 'node_modules/.cache/nashra'),
  };
  const warn = (list: Diagnostic[]) => list.map((d) => formatDiagnostic(d, 'warning'));
  const fail = (errors: string[], warnings: string[] = [], summary?: string): CompileResult => ({
    warnings,
    errors,
    summary: summary ?? `nashra: content has ${errors.length} error(s); nothing was written`,
    ok: false,
  });
  let archive: ArchiveOptions;
  try {
    archive = archiveOptions(root, options.config, options.env);
  } catch (e) {
    if (e instanceof ConfigError) return fail([e.message], [], 'nashra: nothing was written');
    throw e;
  }
  const run = (verify: boolean) => build(paths, archive, verify, options.threads);
  try {
    // A damaged cache entry found while writing costs one more pass, never a wrong output: the
    // second pass checks every cached object against its hash and compiles again what does not match.
    let built: Built;
    try {
      built = await run(false);
    } catch (e) {
      if (!(e instanceof StaleCache)) throw e;
      built = await run(true);
      built.warnings.unshift(e.message);
    }
    const ms = (performance.now() - started).toFixed(0);
    const anew = built.compiled === built.files ? '' : `, ${built.compiled} compiled anew`;
    const summary = `nashra: compiled ${built.articles} article(s)${anew}, version ${built.version}, into ${relative(root, out)} (${megabytes(built.bundleGzip)} gzipped) and ${relative(root, paths.store)}/ (${built.storeFiles} files) in ${ms} ms`;
    return { warnings: built.warnings, errors: [], summary, ok: true };
  } catch (e) {
    if (e instanceof ContentError)
      return fail(
        e.diagnostics.map((d) => formatDiagnostic(d, 'error')),
        warn(e.warnings),
      );
    if (e instanceof LimitError) return fail([e.message], e.warnings, 'nashra: nothing was written');
    throw e;
  }
}

interface Paths {
  root: string;
  out: string;
  content: string;
  store: string;
  cache: string;
}

interface Built {
  warnings: string[];
  version: string;
  articles: number;
  files: number;
  compiled: number;
  bundleGzip: number;
  storeFiles: number;
}

/** What the limits stop, with the warnings found before. */
class LimitError extends Error {
  constructor(
    message: string,
    readonly warnings: string[],
  ) {
    super(message);
  }
}

/** A cached object that is gone or does not match its hash: never used, compiled again. */
class StaleCache extends Error {
  constructor(readonly key: string) {
    super(`nashra: warning: the compile cache's entry ${key} is damaged; every entry was checked and what did not match compiled again`);
  }
}

/**
 * The site configuration the Worker will be deployed with, read from wrangler.toml by the same
 * rules as at run time (src/config.ts), for the environment named. The build depends on SITE_LANG,
 * SITE_AUTHOR and FEED_ITEMS: which feed entries are written ahead, how many a feed can list, and
 * the language pages of articles without their own.
 */
function archiveOptions(root: string, config: string, env: string | undefined): ArchiveOptions {
  const { vars, where } = wranglerVars(readFileSync(resolve(root, config), 'utf8'), env, config);
  const site = readSiteConfig(vars, where);
  return { siteLang: site.lang, siteAuthor: site.author, feedItems: site.feedItems };
}

async function build(paths: Paths, options: ArchiveOptions, verify: boolean, threads: number | undefined): Promise<Built> {
  const relativePath = (absolute: string) => relative(paths.root, absolute).split('\\').join('/');
  const code = codeHash(CODE_ROOT);
  const cache = compileCache(paths.cache, code);
  const state = readState(paths);

  // The record `npm run cite` keeps of resolved citations (README, "Citations"): read, never the network.
  const recordPath = join(paths.content, CITATION_RECORD);
  const read = existsSync(recordPath) ? readRecordFile({ path: relativePath(recordPath), bytes: readFileSync(recordPath) }) : null;
  if (read && 'errors' in read) throw new ContentError(read.errors);
  const record = read?.record ?? null;
  const entries = record ? entriesByFile(record) : new Map<string, RecordEntry[]>();

  // 1. Compile what changed: a file's object is cached under its path, its bytes, its entries in
  // the citation record and the code's hash. Every entry of content/ that is not compiled is reported.
  const listed = readContent(paths.root, relative(paths.root, paths.content), (name) => name === CITATION_RECORD);
  const jobs: ParseJob[] = [];
  const keys = new Map<string, string>();
  for (const file of listed.files) {
    const name = file.path.split('/').pop()!;
    const cited = entries.get(name) ?? [];
    const key = sha256(`${code}\0${file.path}\0${JSON.stringify(cited)}`).slice(0, 16) + sha256(file.bytes).slice(0, 32);
    keys.set(file.path, key);
    if (!cache.holds(key, verify)) jobs.push({ path: file.path, absolute: resolve(paths.root, file.path), objectFile: cache.objectFile(key), entries: cited });
  }
  const parsed = await parseAll(jobs, code, threads);
  for (const p of parsed) cache.index.set(keys.get(p.path)!, p);
  const results = [...keys.values()].map((key) => cache.index.get(key)!);
  const warnings: Diagnostic[] = [...listed.warnings, ...results.flatMap((r) => r.warnings)];
  const errors = [...listed.errors, ...results.flatMap((r) => ('errors' in r ? r.errors : []))];
  if (errors.length > 0) throw new ContentError(errors, warnings);
  const compiled = results as Extract<Parsed, { meta: ArticleMeta }>[];
  if (record) warnings.push(...staleEntries(record, relativePath(recordPath), new Set(compiled.flatMap((r) => r.used))));
  const printed = warnings.map((d) => formatDiagnostic(d, 'warning'));

  // 2. Plan the archive from the metadata alone, and name this version of it.
  const plan = planArchive(
    compiled.map((r) => r.meta),
    options,
  );
  const bySlug = new Map(compiled.map((r) => [r.meta.slug, r]));
  const version = sha256([code, JSON.stringify(options), ...plan.order.map((m) => `${m.slug}\0${bySlug.get(m.slug)!.objectHash}`)].join('\0')).slice(0, 16);
  const objectOf = (slug: string): Uint8Array => {
    const entry = bySlug.get(slug)!;
    const key = keys.get(entry.path)!;
    const bytes = cache.readObject(key);
    if (!bytes || sha256(bytes) !== entry.objectHash) throw new StaleCache(key);
    return bytes;
  };
  const article = (slug: string): Article => decodeArticle(objectOf(slug), slug);

  // 3. The bundle's bytes, checked against what a Worker can deploy and hold before anything is written.
  const manifest = manifestOf(
    plan,
    plan.order.slice(0, options.feedItems).map((m) => article(m.slug)),
    version,
    options,
  );
  const bin = encodeManifest(manifest);
  const bundleGzip = gzipSync(bin).byteLength;
  const largest = () =>
    [...compiled]
      .sort((a, b) => b.objectSize - a.objectSize)
      .slice(0, 3)
      .map((r) => `${r.path} (${megabytes(r.objectSize)})`)
      .join(', ');
  if (bundleGzip > PAID_BUNDLE_BYTES) {
    throw new LimitError(
      `nashra: the bundle would be ${megabytes(bundleGzip)} gzipped, over the 10 MB a Worker may be (Workers Paid); largest articles: ${largest()}`,
      printed,
    );
  }
  if (bin.byteLength > MEMORY_BYTES) {
    throw new LimitError(
      `nashra: the bundle would be ${megabytes(bin.byteLength)}, over the 32 MB a Worker's 128 MB of memory can hold with room to serve; largest articles: ${largest()}`,
      printed,
    );
  }
  if (bundleGzip > FREE_BUNDLE_BYTES) {
    printed.push(`nashra: warning: the bundle is ${megabytes(bundleGzip)} gzipped, over the 3 MB a Worker may be on Workers Free (10 MB on Workers Paid)`);
  }
  const storeFiles = plan.layout.articles + plan.layout.lists + plan.layout.feeds;
  if (storeFiles > PAID_ASSET_FILES)
    throw new LimitError(`nashra: the store would be ${storeFiles} files, over the 100,000 Static Assets allow a version (Workers Paid)`, printed);
  if (storeFiles > FREE_ASSET_FILES)
    printed.push(`nashra: warning: the store is ${storeFiles} files, over the 20,000 Static Assets allow a version on Workers Free`);

  // 4. The store: each pack written only when what it holds changed.
  const written = writeStore(paths, plan, state, {
    articles: (slugs) => ({
      signature: sha256(slugs.map((s) => `${s}\0${bySlug.get(s)!.objectHash}`).join('\0')),
      bytes: () => encodePack(new Map(slugs.map((s) => [s, objectOf(s)]))),
    }),
    lists: (listKeys) => {
      const bytes = encodePack(new Map(listKeys.map((k) => [k, listObjectBytes(plan.lists.get(k)!)])));
      return { signature: sha256(bytes), bytes: () => bytes };
    },
    feeds: (feedKeys) => ({
      signature: sha256(
        [
          code,
          JSON.stringify(options),
          ...feedKeys.map((k) => {
            const feed = plan.feeds.get(k)!;
            return `${k}\0${JSON.stringify(feed.topic)}\0${feed.slugs.map((s) => bySlug.get(s)!.objectHash).join(',')}`;
          }),
        ].join('\0'),
      ),
      bytes: () =>
        encodePack(
          new Map(
            feedKeys.map((k) => {
              const feed = plan.feeds.get(k)!;
              return [k, feedObjectBytes(feed.topic, feed.slugs.map(article), options)];
            }),
          ),
        ),
    }),
  });

  // 5. The bundle, last: until it is written, the Worker reads the packs it was built with.
  writeBundle(paths, bin);
  removeStale(paths, plan);
  writeAtomically(stateFile(paths), JSON.stringify({ packs: written } satisfies State));
  cache.save(new Set(keys.values()));
  return { warnings: printed, version, articles: plan.order.length, files: listed.files.length, compiled: jobs.length, bundleGzip, storeFiles };
}

/** Writes every pack whose signature changed (or whose file is gone); returns every pack's signature. */
function writeStore(paths: Paths, plan: ArchivePlan, state: State, sources: Record<Family, PackSource>): Record<string, string> {
  const signatures: Record<string, string> = {};
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    for (const [n, keys] of packKeys(plan, family)) {
      const path = packPath(plan.layout, family, n);
      const source = sources[family](keys);
      signatures[path] = source.signature;
      if (state.packs[path] === source.signature && existsSync(join(paths.store, path))) continue;
      const bytes = source.bytes();
      if (bytes.byteLength > ASSET_FILE_BYTES)
        throw new LimitError(`nashra: store object ${path} would be ${megabytes(bytes.byteLength)}, over the 25 MiB a Static Asset may be`, []);
      writeAtomically(join(paths.store, path), bytes);
    }
  }
  return signatures;
}

/** Packs of a layout the new bundle no longer reads: removed once it is written. */
function removeStale(paths: Paths, plan: ArchivePlan) {
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    const dir = join(paths.store, family);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) if (entry !== String(plan.layout[family])) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

function writeBundle(paths: Paths, bin: Uint8Array) {
  // The generated module imports the model's types and decoder, wherever the bundle is written.
  const importPath = (module: string) => {
    const path = relative(dirname(paths.out), resolve(CODE_ROOT, module)).split('\\').join('/');
    return path.startsWith('.') ? path : `./${path}`;
  };
  const source = [
    '// Generated by scripts/compile-content.ts from content/. Do not edit: run `npm run compile`.',
    `import type { Manifest } from '${importPath('src/model')}';`,
    `import { decodeManifest } from '${importPath('src/store/objects')}';`,
    '// The manifest as UTF-8 (a Data module): the newest articles, their feed entries, the store layout.',
    "import data from './content.bin';",
    '',
    'export const manifest: Manifest = decodeManifest(new Uint8Array(data));',
    '',
  ].join('\n');
  // The bytes first, so that the module never points into bytes that are not there yet.
  writeAtomically(join(dirname(paths.out), 'content.bin'), bin);
  writeAtomically(paths.out, source);
}

/** Written beside its target and renamed, so a reader never sees half a file; unchanged files are left alone. */
function writeAtomically(target: string, data: string | Uint8Array) {
  if (existsSync(target) && statSync(target).size === Buffer.byteLength(data) && Buffer.compare(readFileSync(target), Buffer.from(data)) === 0) return;
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}

/**
 * Hash of the code that turns content into bytes (src/ and scripts/). It keys the compile cache,
 * and is part of the content version, which keys the Cache API: a deploy that changes how feeds
 * are written must not be answered with bytes the old code wrote.
 */
function codeHash(root: string): string {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
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

/**
 * The compile cache: an index of compiled files by key (what each compiled to, less its body),
 * one file per code version, and each article object in a file of its own. A damaged index is a
 * miss, never an answer; an object is checked against its hash wherever it is read.
 */
function compileCache(dir: string, code: string) {
  const indexFile = join(dir, `index-${code.slice(0, 16)}.json`);
  const objectFile = (key: string) => join(dir, 'objects', key.slice(0, 2), `${key}.json`);
  const readObject = (key: string): Uint8Array | null => {
    try {
      return readFileSync(objectFile(key));
    } catch {
      return null;
    }
  };
  let index: Map<string, Parsed>;
  try {
    index = new Map(Object.entries(JSON.parse(readFileSync(indexFile, 'utf8')) as Record<string, Parsed>));
  } catch {
    index = new Map();
  }
  return {
    index,
    objectFile,
    readObject,
    /** Whether a file's entry can stand for it: compiled, its object there (and, verifying, matching its hash). */
    holds(key: string, verify: boolean): boolean {
      const entry = index.get(key);
      if (!entry || !('meta' in entry)) return false;
      if (!verify) return existsSync(objectFile(key));
      const bytes = readObject(key);
      return bytes !== null && sha256(bytes) === entry.objectHash;
    },
    save(live: Set<string>) {
      const kept: Record<string, Parsed> = {};
      for (const key of [...live].sort()) if (index.has(key)) kept[key] = index.get(key)!;
      writeAtomically(indexFile, JSON.stringify(kept));
    },
  };
}

function stateFile(paths: Paths): string {
  return join(paths.cache, 'states', `${sha256(paths.store).slice(0, 16)}.json`);
}

function readState(paths: Paths): State {
  try {
    return JSON.parse(readFileSync(stateFile(paths), 'utf8')) as State;
  } catch {
    return { packs: {} };
  }
}

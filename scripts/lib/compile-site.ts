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
// byte for byte what a clean compile writes. Nothing is written on an error in the content or the
// configuration; a build stopped among its packs (a limit, a disk, a kill) leaves no pack that a
// later build trusts (pendingFile).
import { hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ArchiveOptions, type ArchivePlan, listObjectBytes, manifestFrom, packKeys, planArchive } from '../../src/archive/assemble-archive';
import { ConfigError, readSiteConfig } from '../../src/config';
import { entriesByFile, readRecordFile, staleEntries } from '../../src/content/apply-citation-records';
import { CITATION_RECORD, type RecordEntry } from '../../src/content/citation-record';
import { ContentError, type Diagnostic, formatDiagnostic } from '../../src/content/diagnostics';
import { joinEntries } from '../../src/feeds/prerender-entries';
import type { ArticleHead, FeedSource } from '../../src/model';
import { encodeManifest } from '../../src/store/objects';
import { type Family, packPath, type StoreLayout } from '../../src/store/read-store';
import { byPack, isOutline, type Outline, outlineOf } from './archive-outline';
import { collectGarbage, type Location, readAt } from './cache-segments';
import { type Heads, headHash, type IndexEntry, lazyHeads, openIndex, removeOtherVersions } from './compile-index';
import { createPool } from './compile-pool';
import type { ParseJob, Parsed } from './parse-one';
import { readFileRecords } from './file-records';
import { readContent } from './read-content';
import { type CachedObject, type EntriesJob, type PackJob, readEntries, type TaskResult } from './store-tasks';
import { wranglerVars } from './wrangler-vars';
import { writeAtomically } from './write-atomically';

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
  /** Threads to compile on (default: every core). */
  threads?: number;
  /** Print where the time went, phase by phase (`--timings`). */
  timings?: boolean;
}

export interface CompileResult {
  /** `content/<file>:<line>: …` lines, warnings first, as they are printed. */
  warnings: string[];
  errors: string[];
  /** The closing line: what was written, or that nothing was. */
  summary: string;
  ok: boolean;
}

/**
 * What the last build of this store wrote: each pack's signature, to write only what changed; the
 * outline of its plan, used again while no head changed; and its bundle, not made again while
 * neither its version nor its plan changed and content.bin still holds it.
 */
interface State {
  packs: Record<string, string>;
  outline?: Outline;
  bundle?: { key: string; sha: string; size: number; gzip: number };
}

const sha256 = (data: string | Uint8Array) => hash('sha256', data);
/**
 * Where the compiler's own code is (src/ and scripts/): what the code hash covers, what the bundle
 * imports, and where its threads' script is built. npm runs scripts in the project's folder.
 */
const CODE_ROOT = process.cwd();
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
  const timings = phases();
  const run = (verify: boolean) => build(paths, archive, verify, options.threads, timings);
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
    return { warnings: options.timings ? [...built.warnings, timings.line()] : built.warnings, errors: [], summary, ok: true };
  } catch (e) {
    if (e instanceof ContentError)
      return fail(
        e.diagnostics.map((d) => formatDiagnostic(d, 'error')),
        warn(e.warnings),
      );
    if (e instanceof LimitError) return fail([e.message], e.warnings, e.summary);
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
    /** Said last: a limit met among the packs stops the build after others were written. */
    readonly summary = 'nashra: nothing was written',
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

/** Per phase, the milliseconds it took: the line `--timings` prints. */
type Timings = ReturnType<typeof phases>;
function phases() {
  const spent: [string, number][] = [];
  let last = performance.now();
  return {
    done(phase: string) {
      const now = performance.now();
      spent.push([phase, now - last]);
      last = now;
    },
    line: () => `nashra: timings: ${spent.map(([p, ms]) => `${p} ${ms.toFixed(0)} ms`).join(', ')}`,
  };
}

async function build(paths: Paths, options: ArchiveOptions, verify: boolean, threads: number | undefined, timings: Timings): Promise<Built> {
  const startedAt = Date.now();
  const relativePath = (absolute: string) => relative(paths.root, absolute).split('\\').join('/');
  const code = codeHash(CODE_ROOT);
  const state = readState(paths);

  // The record `npm run cite` keeps of resolved citations (README, "Citations"): read, never the network.
  const recordPath = join(paths.content, CITATION_RECORD);
  const read = existsSync(recordPath) ? readRecordFile({ path: relativePath(recordPath), bytes: readFileSync(recordPath) }) : null;
  if (read && 'errors' in read) throw new ContentError(read.errors);
  const record = read?.record ?? null;
  const entries = record ? entriesByFile(record) : new Map<string, RecordEntry[]>();

  // 1. Compile what changed: a file's object is cached under its path, its bytes, its entries in
  // the citation record and the code's hash. Every entry of content/ not compiled is reported.
  const listed = readContent(paths.root, relative(paths.root, paths.content), (name) => name === CITATION_RECORD);
  const opened = openIndex(paths.cache, code);
  const index = opened.entries;
  const heads = lazyHeads(paths.cache, code);
  const files = readFileRecords(paths.cache, paths.content);
  const jobs: ParseJob[] = [];
  const keys = new Map<string, string>();
  // The key names the code and the file's entries by a hash, its bytes by theirs, and its path as
  // it is: a hash of each file's path and entries took a tenth of a build that changed nothing.
  const prefixes = new Map<string, string>();
  const prefixOf = (cited: string) => {
    let prefix = prefixes.get(cited);
    if (prefix === undefined) prefixes.set(cited, (prefix = sha256(`${code}\0${cited}`).slice(0, 16)));
    return prefix;
  };
  for (const file of listed.files) {
    const cited = entries.get(file.name) ?? [];
    const bytesHash = files.hashOf(file.name, file.absolute);
    const key = `${prefixOf(JSON.stringify(cited))}${bytesHash}:${file.path}`;
    keys.set(file.path, key);
    if (!cached(paths.cache, index.get(key), verify, heads)) jobs.push({ path: file.path, absolute: file.absolute, hash: bytesHash, entries: cited });
  }
  timings.done('read');
  const pool = createPool({ root: CODE_ROOT, cacheDir: paths.cache, codeHash: code, threads });
  try {
    const parsed = await pool.run('parse', jobs);
    timings.done('parse');
    const failed = new Map<string, Extract<Parsed, { errors: Diagnostic[] }>>();
    for (const p of parsed) {
      if ('errors' in p) {
        failed.set(p.path, p);
        continue;
      }
      const head = headHash(p.meta);
      heads.add(head, p.meta);
      index.set(keys.get(p.path)!, { path: p.path, slug: p.meta.slug, head, warnings: p.warnings, used: p.used, object: p.object, objectHash: p.objectHash });
    }
    const results = [...keys].map(([path, key]) => failed.get(path) ?? index.get(key)!);
    const warnings: Diagnostic[] = [...listed.warnings, ...results.flatMap((r) => r.warnings)];
    const errors = [...listed.errors, ...results.flatMap((r) => ('errors' in r ? r.errors : []))];
    if (errors.length > 0) throw new ContentError(errors, warnings);
    const compiled = results as IndexEntry[];
    if (record) warnings.push(...staleEntries(record, relativePath(recordPath), new Set(compiled.flatMap((r) => r.used))));
    const printed = warnings.map((d) => formatDiagnostic(d, 'warning'));

    // 2. Plan the archive from the heads alone, and name this version of it. A plan is made from
    // the code, the options and each file's path and head: while none of them changed (an edit of a
    // body), the last build's outline of it is used again and no head is read.
    const planKey = sha256([code, JSON.stringify(options), ...compiled.map((r) => `${r.path}\0${r.head}`)].join('\0'));
    let plan: ArchivePlan | undefined;
    const fullPlan = () =>
      (plan ??= planArchive(
        compiled.map((r) => {
          const meta = heads.get(r.head);
          if (!meta) throw new StaleCache(keys.get(r.path)!);
          return meta;
        }),
        options,
      ));
    const bySlug = new Map(compiled.map((r) => [r.slug, r]));
    const kept = !verify && state.outline?.key === planKey ? state.outline : null;
    // A list page is made of its topic, its place among the pages and its articles' heads (the
    // code that writes it is in `code`).
    const outline =
      kept ??
      outlineOf(fullPlan(), planKey, (listKeys) =>
        sha256(
          [
            code,
            ...listKeys.map((k) => {
              const list = fullPlan().lists.get(k)!;
              return `${k}\0${JSON.stringify(list.topic)}\0${list.page}/${list.pages}\0${list.items.map((item) => bySlug.get(item.slug)!.head).join(',')}`;
            }),
          ].join('\0'),
        ),
      );
    const version = sha256([code, JSON.stringify(options), ...outline.order.map((slug) => `${slug}\0${bySlug.get(slug)!.objectHash}`)].join('\0')).slice(0, 16);
    const objectOf = (slug: string): CachedObject => {
      const entry = bySlug.get(slug)!;
      return { key: keys.get(entry.path)!, at: entry.object, hash: entry.objectHash };
    };
    const stale = (done: TaskResult[]) => {
      for (const r of done) if ('stale' in r) throw new StaleCache(r.stale);
    };
    const storeFiles = outline.layout.articles + outline.layout.lists + outline.layout.feeds;
    if (storeFiles > PAID_ASSET_FILES)
      throw new LimitError(`nashra: the store would be ${storeFiles} files, over the 100,000 Static Assets allow a version (Workers Paid)`, printed);
    if (storeFiles > FREE_ASSET_FILES)
      printed.push(`nashra: warning: the store is ${storeFiles} files, over the 20,000 Static Assets allow a version on Workers Free`);
    timings.done('plan');

    // 3. The feed entries of every article a feed lists (the newest FEED_ITEMS, and each tag's and
    // language's), written ahead once per article and kept in the cache for this configuration.
    const configuration = sha256(JSON.stringify(options)).slice(0, 16);
    const newest = outline.order.slice(0, options.feedItems);
    const inFeeds = new Set([...newest, ...outline.feeds.flatMap(([, , slugs]) => slugs)]);
    const unwritten = [...inFeeds].filter((slug) => verify || !bySlug.get(slug)!.entries?.[configuration]);
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
    timings.done('entries');

    // 4. The bundle's bytes, checked against what a Worker can deploy and hold before anything is
    // written. Its version and the plan decide them: the last build's bundle, if content.bin still
    // holds it, is not made again.
    const bundleKey = sha256(`${version}\0${planKey}`);
    const same = !verify && state.bundle?.key === bundleKey && bundleHolds(paths, state.bundle.sha) ? state.bundle : null;
    let bin: Uint8Array | null = null;
    if (!same) {
      const sources: FeedSource<ArticleHead>[] = newest.map((slug) => {
        const cached = readEntries(paths.cache, entriesAt(slug));
        if (!cached) throw new StaleCache(objectOf(slug).key);
        return cached.source;
      });
      bin = encodeManifest(manifestFrom(outline.manifest, joinEntries(sources), version));
    }
    const bundle = same ?? { key: bundleKey, sha: sha256(bin!), size: bin!.byteLength, gzip: gzipSync(bin!).byteLength };
    const largest = () =>
      [...compiled]
        .sort((a, b) => b.object.length - a.object.length)
        .slice(0, 3)
        .map((r) => `${r.path} (${megabytes(r.object.length)})`)
        .join(', ');
    if (bundle.gzip > PAID_BUNDLE_BYTES) {
      throw new LimitError(
        `nashra: the bundle would be ${megabytes(bundle.gzip)} gzipped, over the 10 MB a Worker may be (Workers Paid); largest articles: ${largest()}`,
        printed,
      );
    }
    if (bundle.size > MEMORY_BYTES) {
      throw new LimitError(
        `nashra: the bundle would be ${megabytes(bundle.size)}, over the 32 MB a Worker's 128 MB of memory can hold with room to serve; largest articles: ${largest()}`,
        printed,
      );
    }
    if (bundle.gzip > FREE_BUNDLE_BYTES) {
      printed.push(`nashra: warning: the bundle is ${megabytes(bundle.gzip)} gzipped, over the 3 MB a Worker may be on Workers Free (10 MB on Workers Paid)`);
    }

    // 5. The store: each pack written only when what it holds changed.
    const signatures: Record<string, string> = {};
    const packJobs: PackJob[] = [];
    // Which packs are there: a listing of each family's folder, not a stat of each of 832 packs.
    const there = new Set<string>();
    for (const family of ['articles', 'lists', 'feeds'] as const) {
      const dir = dirname(packPath(outline.layout, family, 0));
      if (existsSync(join(paths.store, dir))) for (const name of readdirSync(join(paths.store, dir))) there.add(`${dir}/${name}`);
    }
    const rewriting: string[] = [];
    const pack = (family: Family, n: number, signature: string, job: (path: string) => PackJob) => {
      const path = packPath(outline.layout, family, n);
      signatures[path] = signature;
      if (state.packs[path] !== signature || !there.has(path)) {
        rewriting.push(path);
        packJobs.push(job(join(paths.store, path)));
      }
    };
    for (const [n, slugs] of byPack(outline.layout, 'articles', outline.order, (slug) => slug)) {
      // The code is in every pack's signature: a change in how packs are written rewrites them all.
      const signature = sha256([code, ...slugs.map((s) => `${s}\0${bySlug.get(s)!.objectHash}`)].join('\0'));
      pack('articles', n, signature, (path) => ({ path, objects: [], articles: slugs.map((key) => ({ key, object: objectOf(key) })), feeds: [] }));
    }
    outline.lists.forEach((signature, n) => {
      // Written from the plan, made again if it was kept: only when a list pack is gone.
      pack('lists', n, signature, (path) => ({
        path,
        objects: packKeys(fullPlan(), 'lists')
          .get(n)!
          .map((k) => ({ key: k, bytes: listObjectBytes(fullPlan().lists.get(k)!) })),
        articles: [],
        feeds: [],
      }));
    });
    for (const [n, feeds] of byPack(outline.layout, 'feeds', outline.feeds, ([key]) => key)) {
      const signature = sha256(
        [
          code,
          JSON.stringify(options),
          ...feeds.map(([k, topic, slugs]) => `${k}\0${JSON.stringify(topic)}\0${slugs.map((s) => bySlug.get(s)!.objectHash).join(',')}`),
        ].join('\0'),
      );
      pack('feeds', n, signature, (path) => ({
        path,
        objects: [],
        articles: [],
        feeds: feeds.map(([key, topic, slugs]) => ({ key, topic, entries: slugs.map((s) => ({ at: entriesAt(s), object: objectOf(s) })) })),
      }));
    }
    // Packs are written in place (a layout's paths stay): until this build's state is written, the
    // state must not vouch for a pack this build may have replaced. A build that stopped between
    // the two left the pack of an edit under the old signature, and a revert to the old content
    // then found both matching and kept the edited pack for good.
    if (rewriting.length > 0) writeAtomically(pendingFile(paths), JSON.stringify(rewriting));
    const packed = await pool.run('pack', packJobs);
    stale(packed);
    for (const r of packed) {
      if ('tooLarge' in r)
        throw new LimitError(
          `nashra: store object ${relativePath(r.tooLarge)} would be ${megabytes(r.size)}, over the 25 MiB a Static Asset may be`,
          printed,
          'nashra: the bundle was not written (packs written before it are written again by the next compile)',
        );
    }
    timings.done('packs');

    // 6. The bundle, last. The packs whose objects changed were replaced above, in place, so a
    // Worker that reads the store while a build runs (wrangler dev) can meet a new pack with the
    // old bundle until this is written; a deploy uploads only what a build that succeeded wrote.
    writeBundle(paths, bin);
    removeStale(paths, outline.layout, startedAt);
    writeAtomically(stateFile(paths), JSON.stringify({ packs: signatures, outline, bundle } satisfies State));
    rmSync(pendingFile(paths), { force: true });
    // The index changes when a file was compiled or its entries were written.
    const live = new Set(keys.values());
    const changed = new Set([
      ...parsed.flatMap((p) => ('errors' in p ? [] : [keys.get(p.path)!])),
      ...unwritten.map((slug) => keys.get(bySlug.get(slug)!.path)!),
    ]);
    const inUse = opened.write(live, changed);
    if (inUse) {
      collectGarbage(
        paths.cache,
        inUse.flatMap((entry) => [entry.object, ...Object.values(entry.entries ?? {})]),
      );
      removeOtherVersions(paths.cache, code);
    }
    heads.write(() => new Set(compiled.map((r) => r.head)));
    files.write();
    timings.done('bundle');
    return {
      warnings: printed,
      version,
      articles: outline.order.length,
      files: listed.files.length,
      compiled: jobs.length,
      bundleGzip: bundle.gzip,
      storeFiles,
    };
  } finally {
    await pool.close();
  }
}

/** Packs of a layout the new bundle no longer reads: removed once it is written. */
function removeStale(paths: Paths, layout: StoreLayout, startedAt: number) {
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    const dir = join(paths.store, family);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) if (entry !== String(layout[family])) rmSync(join(dir, entry), { recursive: true, force: true });
    // A temporary file a killed build left (write-atomically.ts) would be uploaded with the store
    // and count against its files; one younger than this build may be another build's, at work.
    const current = join(dir, String(layout[family]));
    if (!existsSync(current)) continue;
    for (const name of readdirSync(current)) {
      if (name.startsWith('.') && name.endsWith('.tmp') && statSync(join(current, name)).mtimeMs < startedAt) rmSync(join(current, name), { force: true });
    }
  }
}

/** Whether content.bin holds the bytes of this SHA-256. */
function bundleHolds(paths: Paths, sha: string): boolean {
  try {
    return sha256(readFileSync(join(dirname(paths.out), 'content.bin'))) === sha;
  } catch {
    return false;
  }
}

/** Writes the bundle's module, and its bytes unless they are already there (`bin` null). */
function writeBundle(paths: Paths, bin: Uint8Array | null) {
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
  if (bin) writeAtomically(join(dirname(paths.out), 'content.bin'), bin);
  writeAtomically(paths.out, source);
}

/**
 * Hash of the code that turns content into bytes: src/ and scripts/, the dependencies as locked
 * (marked, sanitize-html and the rest parse the content), and Node with its ICU and Unicode
 * versions (tag keys lower-case and normalise). It keys the compile cache, and is part of the
 * content version, which keys the Cache API: a deploy that changes how feeds are written must not
 * be answered with bytes the old code wrote.
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
  const lock = resolve(root, 'package-lock.json');
  if (existsSync(lock)) files.push(lock);
  const { node, icu, unicode } = process.versions;
  return sha256([`node ${node} icu ${icu} unicode ${unicode}`, ...files.sort().map((f) => `${relative(root, f)}\0${readFileSync(f, 'utf8')}`)].join('\0'));
}

/**
 * Whether a file's cache entry can stand for it. Without `verify`, the index is trusted: an object
 * or head that turns out to be gone or damaged when the build needs it stops the build
 * (StaleCache), and the second pass, verifying, checks every object against its hash and that its
 * head is kept.
 */
function cached(cacheDir: string, entry: IndexEntry | undefined, verify: boolean, heads: Heads): boolean {
  if (!entry) return false;
  if (!verify) return true;
  const bytes = readAt(cacheDir, entry.object);
  return bytes !== null && sha256(bytes) === entry.objectHash && heads.has(entry.head);
}

function stateFile(paths: Paths): string {
  return join(paths.cache, 'states', `${sha256(paths.store).slice(0, 16)}.json`);
}

/** The packs a build was writing when it last stopped, if it stopped before writing its state. */
function pendingFile(paths: Paths): string {
  return `${stateFile(paths).slice(0, -'.json'.length)}.pending.json`;
}

function readState(paths: Paths): State {
  let state: State;
  try {
    state = JSON.parse(readFileSync(stateFile(paths), 'utf8')) as State;
    if (typeof state.packs !== 'object' || state.packs === null) return { packs: {} };
    if (!isOutline(state.outline)) delete state.outline;
  } catch {
    return { packs: {} };
  }
  // What a build that did not finish may have half replaced is vouched for by no signature.
  let pending: unknown = [];
  try {
    pending = JSON.parse(readFileSync(pendingFile(paths), 'utf8'));
  } catch {
    // None: the last build finished (or wrote no pack).
  }
  for (const path of Array.isArray(pending) ? pending : []) delete state.packs[String(path)];
  return state;
}

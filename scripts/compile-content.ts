// Compiles content/ into what the Worker serves (README, "Compiled ahead of serving"):
//   generated/content.ts + content.bin   the bundle: the newest articles with their feed entries
//                                         written ahead, the index's first page, the store's
//                                         layout (a Data module, UTF-8)
//   generated/store/                      the store: the archive in packs, served to the Worker
//                                         as Workers Static Assets (ASSETS binding)
// Outside src/, which wrangler dev watches: writing them must not start another build.
// Incremental: what a file compiled to is kept in node_modules/.cache/nashra, keyed by the file's
// path and bytes and the code's hash; only changed files are parsed again (on every core), and
// only packs whose objects changed are written. The output is byte-identical to a clean compile.
// Run by `npm run compile`, and by wrangler's [build] on `wrangler dev` (again on every change
// under content/ or src/) and `wrangler deploy`. Exits 1, writing nothing, on any content error.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  type ArchiveOptions,
  type ArchivePlan,
  type ArticleMeta,
  feedObjectBytes,
  listObjectBytes,
  manifestOf,
  packKeys,
  planArchive,
} from '../src/archive/assemble-archive';
import { ConfigError, readSiteConfig } from '../src/config';
import { entriesByFile, readRecordFile, staleEntries } from '../src/content/apply-citation-records';
import { CITATION_RECORD, type RecordEntry } from '../src/content/citation-record';
import { ContentError, type Diagnostic, formatDiagnostic } from '../src/content/diagnostics';
import type { Article } from '../src/model';
import { decodeArticle, encodeManifest } from '../src/store/objects';
import { encodePack } from '../src/store/pack';
import { type Family, packPath } from '../src/store/read-store';
import { parseAll } from './lib/parse-pool';
import type { ParseJob, Parsed } from './lib/parse-one';
import { wranglerVars } from './lib/wrangler-vars';

const root = process.cwd();
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const contentDir = resolve(root, option('--content', 'content'));
const out = resolve(root, option('--out', 'generated/content.ts'));
const storeDir = resolve(root, option('--store', join(dirname(out), 'store')));
const cacheDir = resolve(root, option('--cache', 'node_modules/.cache/nashra'));
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
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
 * Hash of the code that turns content into bytes (src/ and scripts/). It keys the compile cache, and is part of the content version, which keys the Cache
 * API: a deploy that changes how feeds are written must not be answered with bytes the old code wrote.
 */
function codeHash(): string {
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

/** What the last build of this store wrote: each pack's signature, to write only what changed. */
interface State {
  packs: Record<string, string>;
}

function main(verify: boolean) {
  const started = performance.now();
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
  const jobs: ParseJob[] = [];
  const keys = new Map<string, string>();
  for (const name of names) {
    const absolute = join(contentDir, name);
    const path = relativePath(absolute);
    const cited = entries.get(name) ?? [];
    const key = sha256(`${code}\0${path}\0${JSON.stringify(cited)}`).slice(0, 16) + sha256(readFileSync(absolute)).slice(0, 32);
    keys.set(path, key);
    if (!cached(index.get(key), key, verify)) jobs.push({ path, absolute, objectFile: objectFile(key), entries: cited });
  }
  const threads = Number(option('--threads', '0')) || undefined;
  return parseAll(jobs, code, threads).then((parsed) => finish(parsed));

  function finish(parsed: Parsed[]) {
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
    const objectOf = (slug: string): Uint8Array => {
      const entry = bySlug.get(slug)!;
      const key = keys.get(entry.path)!;
      const bytes = readObject(key);
      if (!bytes || sha256(bytes) !== entry.objectHash) throw new StaleCache(key);
      return bytes;
    };
    const article = (slug: string): Article => decodeArticle(objectOf(slug), slug);

    // 3. The store: each pack written only when what it holds changed.
    const written = writeStore(plan, state, {
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

    // 4. The bundle, last: until it is written, the Worker reads the packs it was built with.
    const manifest = manifestOf(
      plan,
      plan.order.slice(0, options.feedItems).map((m) => article(m.slug)),
      version,
      options,
    );
    writeBundle(encodeManifest(manifest));
    removeStale(plan);
    writeState({ packs: written });
    writeIndex(code, index, new Set(keys.values()));

    const ms = (performance.now() - started).toFixed(0);
    const changed = jobs.length === names.length ? '' : `, ${jobs.length} compiled anew`;
    console.log(
      `nashra: compiled ${plan.order.length} article(s)${changed}, version ${version}, into ${relative(root, out)} and ${relative(root, storeDir)}/ in ${ms} ms`,
    );
  }
}

type PackSource = (keys: string[]) => { signature: string; bytes: () => Uint8Array };

/** Writes every pack whose signature changed (or whose file is gone); returns every pack's signature. */
function writeStore(plan: ArchivePlan, state: State, sources: Record<Family, PackSource>): Record<string, string> {
  const signatures: Record<string, string> = {};
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    for (const [n, keys] of packKeys(plan, family)) {
      const path = packPath(plan.layout, family, n);
      const source = sources[family](keys);
      signatures[path] = source.signature;
      if (state.packs[path] === source.signature && existsSync(join(storeDir, path))) continue;
      writeAtomically(join(storeDir, path), source.bytes());
    }
  }
  return signatures;
}

/** Packs of a layout the new bundle no longer reads: removed once it is written. */
function removeStale(plan: ArchivePlan) {
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    const dir = join(storeDir, family);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) if (entry !== String(plan.layout[family])) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** A module of the project as the generated module imports it, wherever `--out` puts that. */
function importPath(module: string): string {
  const path = relative(dirname(out), resolve(root, module)).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function writeBundle(bin: Uint8Array) {
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
  writeAtomically(join(dirname(out), 'content.bin'), bin);
  writeAtomically(out, source);
}

/** Written beside its target and renamed, so a reader never sees half a file; unchanged files are left alone. */
function writeAtomically(target: string, data: string | Uint8Array) {
  // wrangler dev watches src/ and would build again for a file rewritten with the same bytes.
  if (existsSync(target) && statSync(target).size === Buffer.byteLength(data) && Buffer.compare(readFileSync(target), Buffer.from(data)) === 0) return;
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}

/** Whether a file's cache entry can stand for it: its object is there (and, verifying, matches its hash). */
function cached(entry: Parsed | undefined, key: string, verify: boolean): boolean {
  if (!entry || !('meta' in entry)) return false;
  if (!verify) return existsSync(objectFile(key));
  const bytes = readObject(key);
  return bytes !== null && sha256(bytes) === entry.objectHash;
}

/** A cached object that is gone or does not match its hash: never used, compiled again. */
class StaleCache extends Error {
  constructor(readonly key: string) {
    super(`nashra: the compile cache's entry ${key} is damaged; checking every entry and compiling again what does not match`);
  }
}

function readObject(key: string): Uint8Array | null {
  try {
    return readFileSync(objectFile(key));
  } catch {
    return null;
  }
}

function objectFile(key: string): string {
  return join(cacheDir, 'objects', key.slice(0, 2), `${key}.json`);
}

// The index of compiled files, by key: what each compiled to, less its body (kept in objects/).
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

function writeIndex(code: string, index: Map<string, Parsed>, live: Set<string>) {
  const kept: Record<string, Parsed> = {};
  for (const key of [...live].sort()) if (index.has(key)) kept[key] = index.get(key)!;
  writeAtomically(indexFile(code), JSON.stringify(kept));
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

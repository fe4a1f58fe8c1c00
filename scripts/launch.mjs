// Runs one of this repository's TypeScript scripts with plain Node: `node scripts/launch.mjs
// scripts/compile-content.ts [args...]`. The script is bundled by esbuild, its dependencies with
// it (what it imports on demand in chunks of its own), into node_modules/.cache/nashra/launch/,
// and bundled again only when a file it was built from changes (size or modification time).
// Dependencies are bundled because loading them file by file is most of what parsing one changed
// article costs: yaml, sanitize-html (postcss), marked and htmlparser2 take about 0.2 s from
// node_modules and under 0.1 s from one chunk. esbuild, a native binary, stays external.
// `npm run compile` runs this way because it runs on every build (wrangler dev rebuilds on every
// change): tsx transforms and loads each module through its loader on every run, about 0.7 s of
// a compile that changes one article, where this costs a few stat calls.
// Plain JavaScript: it must run before anything can run TypeScript.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/launch.mjs <script.ts> [arguments...]');
  process.exit(2);
}
const source = resolve(entry);
const name = `${basename(source).replace(/\.[cm]?tsx?$/, '')}-${createHash('sha256').update(relative(root, source)).digest('hex').slice(0, 8)}`;
const cache = join(root, 'node_modules/.cache/nashra/launch');
const metaFile = join(cache, `${name}.json`);
// Besides the script's own inputs: what else decides its bundle.
const alsoRead = [fileURLToPath(import.meta.url), join(root, 'tsconfig.json'), join(root, 'package.json')];

// A file system may keep modification times to the second (two on FAT): a file changed that close
// before the bundle was built can change again, to the same size, without its time moving. The
// same margin as content files have (scripts/lib/file-records.ts, which this plain script cannot
// import before it has bundled it).
const RACY_MS = 3000;

/** Size and modification time: a file that has either changed is read again. */
const stamp = (file) => {
  const s = statSync(file);
  return [s.size, s.mtimeMs];
};

/** The bundle built last, if none of the files it was built from has changed since. */
function current() {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    // Built from this very script: a project copied with its node_modules/.cache keeps the paths
    // of the one it was copied from, whose bundle would run instead of the copy's code.
    if (!Object.hasOwn(meta.inputs, source)) return null;
    for (const [file, [size, mtime]] of Object.entries(meta.inputs)) {
      const [s, m] = stamp(file);
      // A file modified while the bundle was built, or just before, may not be what it holds.
      if (s !== size || m !== mtime || m >= meta.started - RACY_MS) return null;
    }
    statSync(meta.main);
    return meta.main;
  } catch {
    return null;
  }
}

async function bundle() {
  const started = Date.now();
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [source],
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    external: ['esbuild'],
    // CommonJS dependencies (sanitize-html, postcss) require Node's modules: an ES module has no `require`.
    banner: { js: "import { createRequire as __nashraRequire } from 'node:module'; const require = __nashraRequire(import.meta.url);" },
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    outdir: cache,
    logLevel: 'error',
  });
  // Named by what it holds: runs building at once write the same files, and a run never loads
  // the chunks of another build.
  const hash = createHash('sha256');
  for (const file of result.outputFiles) hash.update(file.path).update(file.contents);
  const dir = join(cache, `${name}-${hash.digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  for (const file of result.outputFiles) {
    const target = join(dir, relative(cache, file.path));
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, target);
  }
  const main = join(dir, `${basename(source).replace(/\.[cm]?tsx?$/, '')}.mjs`);
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs).map((f) => resolve(f)), ...alsoRead]) inputs[file] = stamp(file);
  const temp = `${metaFile}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ started, main, inputs }));
  renameSync(temp, metaFile);
  // Earlier builds of this script: removed once they are an hour old (a run may still be loading one).
  for (const other of readdirSync(cache)) {
    const path = join(cache, other);
    if (other.startsWith(`${name}-`) && path !== dir && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return main;
}

const main = current() ?? (await bundle());
// The script sees the arguments it would see under tsx.
process.argv = [process.argv[0], source, ...rest];
await import(pathToFileURL(main).href);

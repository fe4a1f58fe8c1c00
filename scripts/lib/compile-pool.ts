import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseJob, Parsed } from './parse-one';
import { progress } from './progress';
import type { EntriesJob, PackJob, TaskResult } from './store-tasks';
import { writeAtomically } from './write-atomically';

// The compiler's work on every core: parsing content files (Markdown, sanitizing, tweet
// detection), writing each article's feed entries ahead, and writing packs are the bulk of a clean
// compile. The threads run this repository's TypeScript bundled once per code version by esbuild
// into the compile cache, so that they start without a TypeScript loader; they are started once,
// when a phase first has enough work for them, and serve the later phases too.

/** What the pool does: each kind of job, and what it answers. */
export type Kind = 'parse' | 'entries' | 'pack';
interface Jobs {
  parse: ParseJob;
  entries: EntriesJob;
  pack: PackJob;
}
interface Results {
  parse: Parsed;
  entries: TaskResult;
  pack: TaskResult;
}

// Below these counts, starting threads costs more than it saves (unless they are already running).
const THREADED_FROM: Record<Kind, number> = { parse: 200, entries: 200, pack: 64 };
// Jobs per message: enough to keep a thread busy, few enough to balance the load.
const BATCH: Record<Kind, number> = { parse: 64, entries: 32, pack: 4 };
const LABEL: Record<Kind, string> = { parse: 'compiled', entries: 'wrote the feed entries of', pack: 'wrote packs:' };

export interface CompilePool {
  /** Runs `jobs`, on the pool's threads when there are many; results in the order of `jobs`. */
  run<K extends Kind>(kind: K, jobs: readonly Jobs[K][]): Promise<Results[K][]>;
  /** Stops the threads. */
  close(): Promise<void>;
}

/**
 * A pool of up to `threads` (by default one per core). `root` is the project: where the worker's
 * source is, and the node_modules/.cache where its bundle goes (its imports of dependencies, left
 * external, resolve from there).
 */
export function createPool({
  root,
  cacheDir,
  codeHash,
  threads = availableParallelism(),
}: {
  root: string;
  cacheDir: string;
  codeHash: string;
  threads?: number;
}): CompilePool {
  let workers: Worker[] | null = null;
  const start = async () => {
    const script = await workerScript(root, codeHash);
    // The workers run plain JavaScript: none of this process's flags (a TypeScript loader under tsx).
    workers = Array.from({ length: threads }, () => new Worker(script, { execArgv: [], workerData: { cacheDir } }));
    return workers;
  };
  return {
    async run(kind, jobs) {
      if (jobs.length === 0) return [];
      const shown = progress(LABEL[kind], jobs.length);
      if (!workers && (threads < 2 || jobs.length < THREADED_FROM[kind] || Math.ceil(jobs.length / BATCH[kind]) < 2)) {
        // In this thread, as one batch.
        const results = (await inline(kind))(jobs, cacheDir);
        shown.end();
        return results;
      }
      const pool = workers ?? (await start());
      const results: Results[typeof kind][] = new Array(jobs.length);
      let next = 0;
      let done = 0;
      await Promise.all(
        pool.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              let batch: [number, number] = [0, 0];
              const send = () => {
                if (next >= jobs.length) {
                  worker.off('message', answer);
                  worker.off('error', reject);
                  resolve();
                  return;
                }
                batch = [next, Math.min(next + BATCH[kind], jobs.length)];
                next = batch[1];
                worker.postMessage({ kind, jobs: jobs.slice(...batch) });
              };
              const answer = (answered: Results[typeof kind][]) => {
                answered.forEach((r, i) => {
                  results[batch[0] + i] = r;
                });
                done += answered.length;
                shown.tick(done);
                send();
              };
              worker.on('message', answer);
              worker.on('error', reject);
              send();
            }),
        ),
      );
      shown.end();
      return results;
    },
    async close() {
      if (workers) await Promise.all(workers.map((w) => w.terminate()));
      workers = null;
    },
  };
}

/** A kind's batch run in this thread; the parser's libraries are loaded only when something is parsed. */
async function inline<K extends Kind>(kind: K): Promise<(jobs: readonly Jobs[K][], cacheDir: string) => Results[K][]> {
  type Run = (jobs: readonly Jobs[K][], cacheDir: string) => Results[K][];
  if (kind === 'parse') return (await import('./parse-one')).parseBatch as unknown as Run;
  const tasks = await import('./store-tasks');
  return (kind === 'entries' ? tasks.writeEntriesBatch : tasks.writePacks) as unknown as Run;
}

/**
 * The worker as one ES module, built for this code version. It lives in the project's
 * node_modules/.cache, where its imports of dependencies (left external) resolve.
 */
async function workerScript(root: string, codeHash: string): Promise<string> {
  const out = join(root, 'node_modules/.cache/nashra/workers', `compile-worker-${codeHash.slice(0, 16)}.mjs`);
  if (!existsSync(out)) {
    const { build } = await import('esbuild');
    const built = await build({
      entryPoints: [join(root, 'scripts/lib/compile-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'error',
    });
    // Written beside and renamed: compiles running at once never load half a script.
    writeAtomically(out, built.outputFiles[0]!.contents);
  }
  return out;
}

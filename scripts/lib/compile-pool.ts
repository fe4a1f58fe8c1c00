import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { type ParseJob, type Parsed, parseOne } from './parse-one';
import { progress } from './progress';

// Compiles content files on every core: parsing (Markdown, sanitizing, tweet detection) is the
// bulk of a clean compile. The worker is this repository's TypeScript bundled once per code
// version by esbuild into the compile cache, so that threads start without a TypeScript loader.

// Below this, threads cost more to start than they save.
const THREADED_FROM = 200;
// Files per message: enough to keep a thread busy, few enough to balance the load.
const BATCH = 64;

/** Compiles `jobs`, in up to `maxThreads` worker threads when there are many; results in the order of `jobs`. */
export async function parseAll(jobs: readonly ParseJob[], codeHash: string, maxThreads = availableParallelism()): Promise<Parsed[]> {
  if (jobs.length === 0) return [];
  const shown = progress('compiled', jobs.length);
  const threads = Math.min(maxThreads, Math.ceil(jobs.length / BATCH));
  if (jobs.length < THREADED_FROM || threads < 2) {
    const results = jobs.map((job, i) => {
      shown.tick(i);
      return parseOne(job, readFileSync(job.absolute));
    });
    shown.end();
    return results;
  }
  const script = await workerScript(codeHash);
  const results: Parsed[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(script);
      return new Promise<void>((resolve, reject) => {
        let batch: [number, number] = [0, 0];
        const send = () => {
          if (next >= jobs.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          batch = [next, Math.min(next + BATCH, jobs.length)];
          next = batch[1];
          worker.postMessage(jobs.slice(...batch));
        };
        worker.on('message', (parsed: Parsed[]) => {
          parsed.forEach((p, i) => {
            results[batch[0] + i] = p;
          });
          done += parsed.length;
          shown.tick(done);
          send();
        });
        worker.on('error', reject);
        send();
      });
    }),
  );
  shown.end();
  return results;
}

/**
 * The parse worker as one ES module, built for this code version. It lives in this project's
 * node_modules/.cache, where its imports of dependencies (left external) resolve.
 */
async function workerScript(codeHash: string): Promise<string> {
  const dir = join(import.meta.dirname, '../../node_modules/.cache/nashra/workers');
  const out = join(dir, `parse-worker-${codeHash.slice(0, 16)}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const built = await build({
      entryPoints: [join(import.meta.dirname, 'parse-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'error',
    });
    // Written beside and renamed: compiles running at once never load half a script.
    const temp = `${out}.${process.pid}.tmp`;
    writeFileSync(temp, built.outputFiles[0]!.contents);
    renameSync(temp, out);
  }
  return out;
}

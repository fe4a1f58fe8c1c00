// One thread of the compile pool (compile-pool.ts): takes a batch of jobs of one kind (parse
// content files, write feed entries ahead, write packs) and answers with their results in order.
import { parentPort, workerData } from 'node:worker_threads';
import type { Kind } from './compile-pool';
import { type ParseJob, parseBatch } from './parse-one';
import { type EntriesJob, type PackJob, writeEntriesBatch, writePacks } from './store-tasks';

const { cacheDir } = workerData as { cacheDir: string };

parentPort!.on('message', ({ kind, jobs }: { kind: Kind; jobs: unknown[] }) => {
  if (kind === 'parse') parentPort!.postMessage(parseBatch(jobs as ParseJob[], cacheDir));
  else if (kind === 'entries') parentPort!.postMessage(writeEntriesBatch(jobs as EntriesJob[], cacheDir));
  else parentPort!.postMessage(writePacks(jobs as PackJob[], cacheDir));
});

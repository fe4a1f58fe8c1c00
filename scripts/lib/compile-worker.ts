// One thread of the parse pool (parse-pool.ts): reads content files, compiles each, and writes
// its article object into the compile cache, answering with what the plan needs.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { type ParseJob, parseOne } from './parse-one';

parentPort!.on('message', (jobs: ParseJob[]) => {
  parentPort!.postMessage(jobs.map((job) => parseOne(job, readFileSync(job.absolute))));
});

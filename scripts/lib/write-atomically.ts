import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Writes `data` beside `target` and renames it into place, so that a reader never sees half a
 * file; a file that already holds these bytes is left alone (wrangler dev watches src/ and would
 * build again for a file rewritten with the same bytes). Safe from several threads at once.
 */
export function writeAtomically(target: string, data: string | Uint8Array): void {
  if (existsSync(target) && statSync(target).size === Buffer.byteLength(data) && Buffer.compare(readFileSync(target), Buffer.from(data)) === 0) return;
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${threadId}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}

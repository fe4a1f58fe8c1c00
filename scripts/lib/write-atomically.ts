import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Writes `data` beside `target` and renames it into place, so that a reader never sees half a
 * file and a failed write leaves the old one; a file that already holds these bytes is left alone
 * (wrangler dev watches src/ and would build again for a file rewritten with the same bytes).
 * Safe from several threads at once. The temporary name starts with a dot, so that a compile
 * reading the same folder (the citation record lives in content/) never takes it for content.
 */
export function writeAtomically(target: string, data: string | Uint8Array): void {
  if (existsSync(target) && statSync(target).size === Buffer.byteLength(data) && Buffer.compare(readFileSync(target), Buffer.from(data)) === 0) return;
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${threadId}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

import { hash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from './write-atomically';

// The hashes of the content files, kept between builds by name (as git keeps its index): a file
// whose size, modification and change times and inode are what they were is not read again. Any
// write changes its change time, which no tool can set back; a clock that jumps makes the times
// differ, so the file is read again, never skipped.

// A content file changed this recently may change again within one tick of the file system's clock,
// keeping its size and times: its hash is not kept, so that it is read again next time.
const RACY_MS = 3000;
// Reading a few files again costs less than writing every file's record (a megabyte at 10,000
// files) after each edit: the records are written again once more files than this were read, or
// when a file is gone.
export const STALE_RECORDS = 32;

/** What a content file hashed to, with the size, modification and change times and inode it had then. */
type FileRecord = [size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string];

/** The records of the content folder `content` (absolute), kept in the compile cache `cacheDir`. */
export function readFileRecords(cacheDir: string, content: string, now: () => number = Date.now) {
  const file = join(cacheDir, 'files', `${hash('sha256', content).slice(0, 16)}.json`);
  let known: Record<string, FileRecord> = {};
  try {
    known = JSON.parse(readFileSync(file, 'utf8')) as Record<string, FileRecord>;
  } catch {
    // None yet, or damaged: every file is read.
  }
  const next: Record<string, FileRecord> = {};
  // Files read (not as their record had them), and files asked for that have a record.
  let read = 0;
  let recorded = 0;
  return {
    /** The file's hash (hex, 32 digits), from its record when its stat has not changed. */
    hashOf(name: string, absolute: string): string {
      const stat = statSync(absolute);
      const was = known[name];
      if (was !== undefined) recorded++;
      if (
        Array.isArray(was) &&
        was[0] === stat.size &&
        was[1] === stat.mtimeMs &&
        was[2] === stat.ctimeMs &&
        was[3] === stat.ino &&
        typeof was[4] === 'string'
      ) {
        next[name] = was;
        return was[4];
      }
      const digest = hash('sha256', readFileSync(absolute)).slice(0, 32);
      const at = now();
      if (at - stat.mtimeMs > RACY_MS && at - stat.ctimeMs > RACY_MS) next[name] = [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, digest];
      read++;
      return digest;
    },
    /** Writes the records of the files asked for, unless few were read and none is gone; whether it did. */
    write(): boolean {
      const count = Object.keys(known).length;
      if (count > 0 && recorded === count && read <= STALE_RECORDS) return false;
      writeAtomically(file, JSON.stringify(next));
      return true;
    },
  };
}

import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from './write-atomically';

// The compile cache keeps what it compiled in segments: each file holds a batch of objects, one
// after another (a thread's batch of parsed articles, or of feed entries written ahead), and the
// index says where each object lies. Creating a file costs more than writing its bytes (about a
// millisecond on this project's machine while the disk is busy), so a clean compile of 10,000
// articles creates a few hundred files rather than tens of thousands.

/** Where a cached object lies: a segment (relative to the cache directory), an offset and a length. */
export interface Location {
  segment: string;
  offset: number;
  length: number;
}

export type SegmentFamily = 'objects' | 'entries';

/** Writes `objects` into one segment of `family`, named by the hash of its bytes; where each lies, in order. */
export function writeSegment(cacheDir: string, family: SegmentFamily, objects: readonly Uint8Array[]): Location[] {
  const bytes = Buffer.concat(objects);
  const segment = `${family}/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.seg`;
  // Named by its bytes: one already there with these bytes is left alone, a damaged one replaced.
  writeAtomically(join(cacheDir, segment), bytes);
  let offset = 0;
  return objects.map((object) => {
    const at = { segment, offset, length: object.byteLength };
    offset += object.byteLength;
    return at;
  });
}

/** The bytes at `at`, or null when its segment is gone or too short. */
export function readAt(cacheDir: string, at: Location): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(join(cacheDir, at.segment), 'r');
  } catch {
    return null;
  }
  try {
    // Not zeroed first (a feed's entries are a megabyte read after an edit): what is not read over is never returned.
    const bytes = Buffer.allocUnsafe(at.length);
    return readSync(fd, bytes, 0, at.length, at.offset) === at.length ? bytes : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

// A segment no current entry points to may belong to a compile still running (it writes its index
// last), or to another code version's index (another branch): only old ones are removed. An index
// that points to a removed segment costs a compile of what it held, never a wrong output.
const KEEP_UNUSED_MS = 60 * 60 * 1000;

/** Removes what the cache's segment directories hold that no location in `live` names, once it is old. */
export function collectGarbage(cacheDir: string, live: Iterable<Location>, now = Date.now()): void {
  const used = new Set<string>();
  for (const at of live) used.add(at.segment);
  for (const family of ['objects', 'entries'] as const) {
    const dir = join(cacheDir, family);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (used.has(`${family}/${name}`)) continue;
      try {
        if (now - statSync(path).mtimeMs > KEEP_UNUSED_MS) rmSync(path, { recursive: true, force: true });
      } catch {
        // Removed meanwhile by another compile.
      }
    }
  }
}

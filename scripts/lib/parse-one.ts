import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type ArticleMeta, articleObjectBytes, metaOf } from '../../src/archive/assemble-archive';
import { completeArticle } from '../../src/content/apply-citation-records';
import type { RecordEntry } from '../../src/content/citation-record';
import { compileFile } from '../../src/content/compile-content';
import { type Diagnostic, unexpectedDiagnostic } from '../../src/content/diagnostics';
import { type Location, writeSegment } from './cache-segments';

/** A file to compile: its path as diagnostics name it, where to read it, and its entries in the citation record. */
export interface ParseJob {
  path: string;
  absolute: string;
  /** The first 32 hex digits of the SHA-256 of the bytes its cache key names (file-records.ts). */
  hash: string;
  /** The entries of the citation record (content/citations.json) for this file. */
  entries: RecordEntry[];
}

/** What the plan keeps of a compiled file: its metadata and warnings, and where its object is, its hash and size. */
export type Parsed =
  | {
      path: string;
      meta: ArticleMeta;
      warnings: Diagnostic[];
      /** The article object (its model as JSON) in the compile cache. */
      object: Location;
      objectHash: string;
      objectSize: number;
      used: string[];
      /** Its feed entries written ahead in the compile cache, by configuration (store-tasks.ts). */
      entries?: Record<string, Location>;
    }
  | { path: string; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Compiles a batch of files, and writes their article objects into one segment of the cache. */
export function parseBatch(jobs: readonly ParseJob[], cacheDir: string): Parsed[] {
  const objects: Uint8Array[] = [];
  const compiled = jobs.map((job) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(job.absolute);
    } catch (error) {
      // Listed, then gone (moved or deleted during the build): named, like any other problem.
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      return { path: job.path, errors: [{ file: job.path, line: 1, message: `it could not be read (${why}); compile again` }], warnings: [] };
    }
    // The file is read again here: if it changed since its key was made (an editor saving while
    // wrangler dev builds), its object would be kept under the key of other bytes, and served
    // for them if they came back.
    if (createHash('sha256').update(bytes).digest('hex').slice(0, 32) !== job.hash) {
      return { path: job.path, errors: [{ file: job.path, line: 1, message: 'it changed while it was being compiled; compile again' }], warnings: [] };
    }
    const one = parseOne(job, bytes);
    if ('object' in one) objects.push(one.object);
    return one;
  });
  const places = writeSegment(cacheDir, 'objects', objects);
  let next = 0;
  return compiled.map((one): Parsed => {
    if (!('object' in one)) return one;
    const { object, ...rest } = one;
    return { ...rest, object: places[next++]!, objectHash: createHash('sha256').update(object).digest('hex'), objectSize: object.byteLength };
  });
}

type Compiled = Omit<Extract<Parsed, { meta: ArticleMeta }>, 'object' | 'objectHash' | 'objectSize'> & { object: Uint8Array };

/** Compiles one file: its metadata, warnings and article object, or its errors. */
function parseOne(job: ParseJob, bytes: Uint8Array): Compiled | Extract<Parsed, { errors: Diagnostic[] }> {
  const compiled = compileFile({ path: job.path, bytes });
  if ('errors' in compiled) return { path: job.path, errors: compiled.errors, warnings: compiled.warnings };
  try {
    const { article, used } = completeArticle(compiled.article, job.entries);
    return { path: job.path, meta: metaOf(article), warnings: compiled.warnings, object: articleObjectBytes(article), used };
  } catch (e) {
    // As compileFile names the file of an exception nobody expected, so does what comes after it.
    return { path: job.path, errors: [unexpectedDiagnostic(job.path, e)], warnings: compiled.warnings };
  }
}

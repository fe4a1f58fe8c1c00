import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ArticleMeta, articleObjectBytes, metaOf } from '../../src/archive/assemble-archive';
import { completeArticle } from '../../src/content/apply-citation-records';
import type { RecordEntry } from '../../src/content/citation-record';
import { compileFile } from '../../src/content/compile-content';
import type { Diagnostic } from '../../src/content/diagnostics';

/** A file to compile: its path as diagnostics name it, where to read it, and where its object goes. */
export interface ParseJob {
  path: string;
  absolute: string;
  /** The compile cache's file for its article object. */
  objectFile: string;
  /** The entries of the citation record (content/citations.json) for this file. */
  entries: RecordEntry[];
}

/** What the plan keeps of a compiled file: its metadata and warnings, and its object's hash and size. */
export type Parsed =
  | { path: string; meta: ArticleMeta; warnings: Diagnostic[]; objectHash: string; objectSize: number; used: string[] }
  | { path: string; errors: Diagnostic[]; warnings: Diagnostic[] };

/** Compiles one file and writes its article object (atomically: a reader never sees half of it). */
export function parseOne(job: ParseJob, bytes: Uint8Array): Parsed {
  const compiled = compileFile({ path: job.path, bytes });
  if ('errors' in compiled) return { path: job.path, errors: compiled.errors, warnings: compiled.warnings };
  const { article, used } = completeArticle(compiled.article, job.entries);
  const object = articleObjectBytes(article);
  mkdirSync(dirname(job.objectFile), { recursive: true });
  const temp = `${job.objectFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, object);
  renameSync(temp, job.objectFile);
  return {
    path: job.path,
    meta: metaOf(article),
    warnings: compiled.warnings,
    objectHash: createHash('sha256').update(object).digest('hex'),
    objectSize: object.byteLength,
    used,
  };
}

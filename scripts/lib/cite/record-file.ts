// Reading and writing the record file. A write goes to a temporary file beside it, then a rename:
// an interrupted run leaves the old record or the new one, never half of one.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CitationRecord, parseCitationRecord, type RecordEntry, serializeCitationRecord } from '../../../src/content/citation-record';
import type { Diagnostic } from '../../../src/content/diagnostics';

/** The record at `file` (`shown` names it in messages); an empty record when there is none. */
export function readRecord(file: string, shown: string): { record: CitationRecord } | { errors: Diagnostic[] } {
  if (!existsSync(file)) return { record: { entries: [], lines: new Map() } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(readFileSync(file));
  } catch {
    return { errors: [{ file: shown, line: 1, message: 'not UTF-8' }] };
  }
  return parseCitationRecord(text, shown);
}

/** Writes the record atomically; the temporary name starts with a dot, so no build takes it for content. */
export function writeRecord(file: string, entries: RecordEntry[]): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, serializeCitationRecord(entries));
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

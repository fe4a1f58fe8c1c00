// Reading and writing the record file. A write is atomic (write-atomically.ts): an interrupted run
// leaves the old record or the new one, never half of one.
import { existsSync, readFileSync } from 'node:fs';
import { readRecordFile } from '../../../src/content/apply-citation-records';
import { type CitationRecord, type RecordEntry, serializeCitationRecord } from '../../../src/content/citation-record';
import type { Diagnostic } from '../../../src/content/diagnostics';
import { writeAtomically } from '../write-atomically';

/** The record at `file` (`shown` names it in messages), read as the compiler reads it; an empty record when there is none. */
export function readRecord(file: string, shown: string): { record: CitationRecord } | { errors: Diagnostic[] } {
  if (!existsSync(file)) return { record: { entries: [], lines: new Map() } };
  return readRecordFile({ path: shown, bytes: readFileSync(file) });
}

export function writeRecord(file: string, entries: RecordEntry[]): void {
  writeAtomically(file, serializeCitationRecord(entries));
}

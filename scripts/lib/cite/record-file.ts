// Reading and writing the record file. A write is atomic (write-atomically.ts): an interrupted run
// leaves the old record or the new one, never half of one.
import { existsSync, readFileSync } from 'node:fs';
import { type CitationRecord, parseCitationRecord, type RecordEntry, serializeCitationRecord } from '../../../src/content/citation-record';
import type { Diagnostic } from '../../../src/content/diagnostics';
import { writeAtomically } from '../write-atomically';

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

export function writeRecord(file: string, entries: RecordEntry[]): void {
  writeAtomically(file, serializeCitationRecord(entries));
}

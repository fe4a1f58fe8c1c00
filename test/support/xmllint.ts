import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs libxml2's xmllint --noout over the documents, all in one process, and returns what it
 * reported ('' when every document is well-formed). Fails loudly if xmllint is not installed.
 */
export function xmllint(documents: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-xml-'));
  const files = documents.map((doc, i) => {
    const file = join(dir, `${i}.xml`);
    writeFileSync(file, doc);
    return file;
  });
  const result = spawnSync('xmllint', ['--noout', ...files], { encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${result.error.message}`);
  return result.stderr;
}

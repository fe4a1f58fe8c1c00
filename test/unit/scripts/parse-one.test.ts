import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBatch } from '../../../scripts/lib/parse-one';
import type { RecordEntry } from '../../../src/content/citation-record';
import { contentFile } from '../../support/make-article';
import { tempDirs } from '../../support/temp-dirs';

const tempDir = tempDirs();
const hashOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 32);

describe('compiling a batch of files', () => {
  it('compiles the bytes its cache key names, and refuses a file that changed or went since it was listed', () => {
    const dir = tempDir('nashra-parse-');
    const [first, second] = [contentFile({ title: '"الأول"', date: '2024-01-01' }, 'نص.'), contentFile({ title: '"الثاني"', date: '2024-01-02' }, 'نص.')];
    writeFileSync(join(dir, 'a.md'), first);
    writeFileSync(join(dir, 'b.md'), second);
    const [kept, changed, gone] = parseBatch(
      [
        { path: 'content/a.md', absolute: join(dir, 'a.md'), hash: hashOf(first), entries: [] },
        // Its key was made from other bytes: an editor saved it again while the build ran.
        { path: 'content/b.md', absolute: join(dir, 'b.md'), hash: hashOf(first), entries: [] },
        // Listed, then deleted before it was read.
        { path: 'content/c.md', absolute: join(dir, 'c.md'), hash: hashOf(first), entries: [] },
      ],
      dir,
    );
    expect('meta' in kept! && kept.meta.title).toBe('الأول');
    expect(changed).toEqual({
      path: 'content/b.md',
      errors: [{ file: 'content/b.md', line: 1, message: 'it changed while it was being compiled; compile again' }],
      warnings: [],
    });
    expect(gone).toEqual({
      path: 'content/c.md',
      errors: [{ file: 'content/c.md', line: 1, message: 'it could not be read (ENOENT); compile again' }],
      warnings: [],
    });
  });

  it('names the file when applying its citation record throws, as for any exception in compiling it', () => {
    const dir = tempDir('nashra-parse-');
    const text = contentFile({ title: '"الأول"', date: '2024-01-01' }, 'نص.');
    writeFileSync(join(dir, 'a.md'), text);
    // A record entry no reader of the record would give: what the code after compileFile does with it throws.
    const [result] = parseBatch([{ path: 'content/a.md', absolute: join(dir, 'a.md'), hash: hashOf(text), entries: [null as unknown as RecordEntry] }], dir);
    expect(result).toMatchObject({
      path: 'content/a.md',
      errors: [
        {
          file: 'content/a.md',
          line: 1,
          message: expect.stringMatching(/^could not be compiled: TypeError: .* \(a bug in nashra: please report it with this file\)$/),
        },
      ],
    });
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileRecords, STALE_RECORDS } from '../../../scripts/lib/file-records';
import { tempDirs } from '../../support/temp-dirs';

const tempDir = tempDirs();

/** A content folder of `count` files, and a cache beside it. */
function folder(count: number) {
  const dir = tempDir('nashra-records-');
  mkdirSync(join(dir, 'content'));
  for (let i = 0; i < count; i++) write(dir, `a-${i}.md`, `text ${i}`);
  return { dir, content: join(dir, 'content'), cache: join(dir, 'cache') };
}

function write(dir: string, name: string, text: string) {
  writeFileSync(join(dir, 'content', name), text);
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Every file's hash as a build asks for them, and whether the records were written; by a clock an
 * hour ahead (the files' times are not recent) unless `now` is given.
 */
function build(content: string, cache: string, count: number, now = () => Date.now() + 3_600_000) {
  const records = readFileRecords(cache, content, now);
  const hashes = Array.from({ length: count }, (_, i) => records.hashOf(`a-${i}.md`, join(content, `a-${i}.md`)));
  return { hashes, wrote: records.write() };
}

describe('the content files records', () => {
  it('are written once every file has been read, and not again while nothing changed', () => {
    const { content, cache } = folder(STALE_RECORDS + 1);
    const first = build(content, cache, STALE_RECORDS + 1);
    expect(first.wrote).toBe(true);
    expect(first.hashes[3]).toBe(sha('text 3'));
    expect(build(content, cache, STALE_RECORDS + 1).wrote).toBe(false);
  });

  it('give a changed file its new hash, written again only once many files were read', () => {
    const { dir, content, cache } = folder(STALE_RECORDS + 2);
    build(content, cache, STALE_RECORDS + 2);
    write(dir, 'a-1.md', 'changed');
    // One file read again: its hash is right, the records are left as they were.
    for (let again = 0; again < 2; again++) {
      const edited = build(content, cache, STALE_RECORDS + 2);
      expect(edited.hashes[1]).toBe(sha('changed'));
      expect(edited.hashes[0]).toBe(sha('text 0'));
      expect(edited.wrote).toBe(false);
    }
    for (let i = 0; i < STALE_RECORDS + 1; i++) write(dir, `a-${i}.md`, `changed ${i}`);
    const many = build(content, cache, STALE_RECORDS + 2);
    expect(many.hashes[STALE_RECORDS]).toBe(sha(`changed ${STALE_RECORDS}`));
    expect(many.wrote).toBe(true);
    expect(build(content, cache, STALE_RECORDS + 2).wrote).toBe(false);
  });

  it('are written again when a file is gone', () => {
    const { content, cache } = folder(4);
    build(content, cache, 4);
    expect(build(content, cache, 3).wrote).toBe(true);
    expect(build(content, cache, 3).wrote).toBe(false);
  });

  it('keep no hash of a file changed in the last seconds, whose times may not have ticked yet', () => {
    const { content, cache } = folder(2);
    const kept = () => {
      const [records] = readdirSync(join(cache, 'files'));
      return Object.keys(JSON.parse(readFileSync(join(cache, 'files', records!), 'utf8')));
    };
    expect(build(content, cache, 2, Date.now).hashes[1]).toBe(sha('text 1'));
    expect(kept()).toEqual([]);
    expect(build(content, cache, 2).wrote).toBe(true);
    expect(kept()).toEqual(['a-0.md', 'a-1.md']);
  });
});

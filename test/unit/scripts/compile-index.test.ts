import { appendFileSync, existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeIndex, encodeIndex, type IndexEntry, openIndex, removeOtherVersions } from '../../../scripts/lib/compile-index';

// The compile cache's index (scripts/lib/compile-index.ts): rows, a journal of the rows each build
// changed, written anew with the rows in use; whatever is damaged is a miss, never an answer.

const CODE = 'c0de'.repeat(16);

const entry = (i: number, overrides: Partial<IndexEntry> = {}): IndexEntry => ({
  path: `content/a-${i}.md`,
  slug: `a-${i}`,
  head: `head-${i}`,
  warnings: i % 3 ? [] : [{ file: `content/a-${i}.md`, line: 2, message: 'a warning' }],
  used: i % 4 ? [] : ['tweet-1'],
  object: { segment: `objects/${i % 2}.seg`, offset: i * 10, length: 10 },
  objectHash: `hash-${i}`,
  ...(i % 2 ? { entries: { configuration: { segment: 'entries/e.seg', offset: i, length: 5 } } } : {}),
  ...overrides,
});

const keyOf = (i: number) => `key-${i}`;
const entries = (from: number, to: number) => new Map(Array.from({ length: to - from }, (_, k) => [keyOf(from + k), entry(from + k)] as const));

describe('the compile index', () => {
  it('reads back what it wrote, every field', () => {
    const index = entries(0, 8);
    expect(decodeIndex(encodeIndex(index))).toEqual(index);
  });

  it('is a miss when it is not what it writes', () => {
    const good = JSON.parse(encodeIndex(entries(0, 2)));
    for (const bad of [
      '',
      '{"truncated',
      '[]',
      JSON.stringify({ ...good, rows: [[...good.rows[0].slice(0, 9)]] }),
      JSON.stringify({ ...good, segments: [] }),
    ]) {
      expect(() => decodeIndex(bad)).toThrow();
    }
  });

  it('journals the rows a build changed, and reads them over the index', () => {
    const cache = mkdtempSync(join(tmpdir(), 'nashra-index-'));
    const first = openIndex(cache, CODE);
    for (const [key, e] of entries(0, 100)) first.entries.set(key, e);
    const live = new Set(first.entries.keys());
    expect(first.write(live, live)).toHaveLength(100);

    const second = openIndex(cache, CODE);
    expect(second.entries).toEqual(entries(0, 100));
    second.entries.set(keyOf(3), entry(3, { objectHash: 'changed' }));
    second.entries.set(keyOf(100), entry(100));
    expect(second.write(new Set([...live, keyOf(100)]), new Set([keyOf(3), keyOf(100)]))).toBeNull();
    expect(readdirSync(cache).sort()).toEqual([`index-${CODE.slice(0, 16)}.json`, `index-${CODE.slice(0, 16)}.log`]);

    const third = openIndex(cache, CODE);
    expect(third.entries.get(keyOf(3))!.objectHash).toBe('changed');
    expect(third.entries.get(keyOf(100))).toEqual(entry(100));
    expect(third.entries.size).toBe(101);
  });

  it('reads the journal up to its first damaged or unfinished line', () => {
    const cache = mkdtempSync(join(tmpdir(), 'nashra-index-'));
    const index = openIndex(cache, CODE);
    for (const [key, e] of entries(0, 10)) index.entries.set(key, e);
    index.write(new Set(index.entries.keys()), new Set(index.entries.keys()));
    const journal = join(cache, `index-${CODE.slice(0, 16)}.log`);
    appendFileSync(journal, `${encodeIndex(new Map([[keyOf(10), entry(10)]]))}\n`);
    appendFileSync(journal, `{"damaged\n${encodeIndex(new Map([[keyOf(11), entry(11)]]))}\n`);
    appendFileSync(journal, encodeIndex(new Map([[keyOf(12), entry(12)]])));
    const read = openIndex(cache, CODE).entries;
    expect(read.has(keyOf(10))).toBe(true);
    expect(read.has(keyOf(11))).toBe(false);
    expect(read.has(keyOf(12))).toBe(false);
    // A damaged index is no index, journal or not.
    writeFileSync(join(cache, `index-${CODE.slice(0, 16)}.json`), '{"truncated');
    expect(openIndex(cache, CODE).entries.size).toBe(0);
  });

  it('is written anew with the rows in use after 64 journaled builds, or when many rows are unused', () => {
    const cache = mkdtempSync(join(tmpdir(), 'nashra-index-'));
    const journal = join(cache, `index-${CODE.slice(0, 16)}.log`);
    const start = openIndex(cache, CODE);
    for (const [key, e] of entries(0, 1000)) start.entries.set(key, e);
    start.write(new Set(start.entries.keys()), new Set(start.entries.keys()));
    // Each build changes article 0: its old row is no longer used.
    let live = new Set(start.entries.keys());
    const build = (n: number) => {
      const index = openIndex(cache, CODE);
      live.delete(keyOf(n === 1 ? 0 : 10_000 + n - 1));
      index.entries.set(keyOf(10_000 + n), entry(0, { objectHash: `build-${n}` }));
      live.add(keyOf(10_000 + n));
      return index.write(live, new Set([keyOf(10_000 + n)]));
    };
    for (let n = 1; n <= 64; n++) expect(build(n)).toBeNull();
    expect(existsSync(journal)).toBe(true);
    expect(openIndex(cache, CODE).entries.size).toBe(1064);
    expect(build(65)).toHaveLength(1000);
    expect(existsSync(journal)).toBe(false);
    expect(openIndex(cache, CODE).entries.size).toBe(1000);
    expect(openIndex(cache, CODE).entries.get(keyOf(10_065))!.objectHash).toBe('build-65');

    // Half the files deleted: nothing compiled, but the index is written anew without their rows.
    const index = openIndex(cache, CODE);
    live = new Set([...live].slice(0, 500));
    expect(index.write(live, new Set())).toHaveLength(500);
    expect(openIndex(cache, CODE).entries.size).toBe(500);
  });
});

describe("another code version's index", () => {
  it('is removed an hour after that version last wrote it, with its journal and heads; the current one is kept', () => {
    const cache = mkdtempSync(join(tmpdir(), 'nashra-index-'));
    const other = 'ab12'.repeat(4);
    const recent = 'cd34'.repeat(4);
    const names = [
      ...['json', 'log'].map((ext) => `index-${other}.${ext}`),
      `heads-${other}.json`,
      `index-${recent}.json`,
      `index-${CODE.slice(0, 16)}.json`,
      `heads-${CODE.slice(0, 16)}.json`,
      'states',
    ];
    for (const name of names) writeFileSync(join(cache, name), '{}');
    const hourAgo = Date.now() / 1000 - 3700;
    for (const name of [...names.slice(0, 3), `index-${CODE.slice(0, 16)}.json`, 'states']) utimesSync(join(cache, name), hourAgo, hourAgo);
    removeOtherVersions(cache, CODE);
    expect(readdirSync(cache).sort()).toEqual([`heads-${CODE.slice(0, 16)}.json`, `index-${recent}.json`, `index-${CODE.slice(0, 16)}.json`, 'states'].sort());
  });
});

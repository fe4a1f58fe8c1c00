import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Location, writeSegment } from '../../../scripts/lib/cache-segments';
import { readEntries, writeEntriesBatch } from '../../../scripts/lib/store-tasks';
import { articleObjectBytes } from '../../../src/archive/assemble-archive';
import { joinEntries, prerenderEntries } from '../../../src/feeds/prerender-entries';
import { encodeFeedObject, encodeFeedObjectOfBodies, headOf } from '../../../src/store/objects';
import { makeArticle } from '../../support/make-article';
import { tempDirs } from '../../support/temp-dirs';

const options = { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 };
const tempDir = tempDirs();

/** Two articles' entries written ahead into a fresh cache: where each lies, and what writing them gives. */
function writeTwo() {
  const cache = tempDir('nashra-entries-');
  const articles = [makeArticle({ slug: 'one', title: 'نص <عربي> & "quoted"' }), makeArticle({ slug: 'two', lang: null, author: null })];
  const objects = articles.map(articleObjectBytes);
  const places = writeSegment(cache, 'objects', objects);
  const jobs = articles.map((a, i) => ({
    slug: a.slug,
    object: { key: a.slug, at: places[i]!, hash: createHash('sha256').update(objects[i]!).digest('hex') },
    options,
  }));
  const written = writeEntriesBatch(jobs, cache).map((r) => (r as { at: Location }).at);
  const expected = articles.map((a) => prerenderEntries({ articles: [a], bytes: new Uint8Array(0) }, options));
  return { cache, written, expected };
}

describe('the entries written ahead in the compile cache', () => {
  it('read back as prerenderEntries wrote them', () => {
    const { cache, written, expected } = writeTwo();
    expect(written).toHaveLength(2);
    written.forEach((at, i) => {
      const cached = readEntries(cache, at);
      expect(cached?.source.articles).toEqual(expected[i]!.articles.map(headOf));
      expect(Buffer.from(cached!.source.bytes).equals(Buffer.from(expected[i]!.bytes))).toBe(true);
      expect(JSON.parse(Buffer.from(cached!.body).toString())).toEqual(expected[i]!.articles[0]!.blocks);
    });
  });

  it('join into the feed object the articles themselves make, byte for byte', () => {
    const { cache, written, expected } = writeTwo();
    const cached = written.map((at) => readEntries(cache, at)!);
    const topic = { key: 'k', name: 'K', count: 2 };
    const fromCache = encodeFeedObjectOfBodies(
      topic,
      joinEntries(cached.map((c) => c.source)),
      cached.map((c) => c.body),
    );
    const made = encodeFeedObject({ topic, source: joinEntries(expected) });
    expect(Buffer.from(fromCache.feed).equals(Buffer.from(made.feed))).toBe(true);
    expect(Buffer.from(fromCache.bodies).equals(Buffer.from(made.bodies))).toBe(true);
  });

  it('are never read damaged: any byte changed, or a record cut short, reads as gone', () => {
    const { cache, written } = writeTwo();
    const at = written[1]!;
    const file = join(cache, at.segment);
    const good = readFileSync(file);
    for (const offset of [0, 31, 32, 35, 36, 100, at.length - 1]) {
      const bad = Buffer.from(good);
      bad[at.offset + offset]! ^= 0x20;
      writeFileSync(file, bad);
      expect(readEntries(cache, at), `byte ${offset}`).toBeNull();
      // The other record in the segment is untouched.
      expect(readEntries(cache, written[0]!)).not.toBeNull();
    }
    writeFileSync(file, good.subarray(0, at.offset + at.length - 1));
    expect(readEntries(cache, at)).toBeNull();
    expect(readEntries(cache, { ...at, length: 20 })).toBeNull();
  });
});

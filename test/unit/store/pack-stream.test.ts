import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePack, encodePack, PACK_PREFIX, PackError } from '../../../src/store/pack';
import { readPackObject } from '../../../src/store/pack-stream';
import { createStore, StoreError } from '../../../src/store/read-store';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** `bytes` as a stream of the chunks `cuts` split it into; `pulled` counts the bytes handed out. */
function chunked(bytes: Uint8Array, cuts: number[]) {
  const ends = [...new Set(cuts.map((c) => c % (bytes.byteLength + 1)))].sort((a, b) => a - b).concat(bytes.byteLength);
  let at = 0;
  let next = 0;
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      while (next < ends.length && ends[next]! <= at) next++;
      if (next === ends.length) return controller.close();
      // A copy per chunk, as a network stream gives: the reader must not rely on one buffer.
      controller.enqueue(bytes.slice(at, ends[next]));
      seen.pulled += ends[next]! - at;
      at = ends[next]!;
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

const objectsOf = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.uint8Array({ maxLength: 300 }), { minKeys: 1 });

describe('reading one object out of a streaming pack', () => {
  it('gives back the object decodePack gives, however the stream is cut into chunks, and null for a key the pack does not hold', async () => {
    await fc.assert(
      fc.asyncProperty(objectsOf, fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (record, cuts, lengthKnown) => {
        const bytes = encodePack(new Map(Object.entries(record)));
        const whole = decodePack(bytes, 'feeds/0.pack');
        for (const key of [...Object.keys(record), '\u0000absent']) {
          const { stream } = chunked(bytes, cuts);
          const read = await readPackObject(stream, key, 'feeds/0.pack', lengthKnown ? bytes.byteLength : null);
          expect(read.index).toEqual(whole.index);
          expect(read.object && [...read.object]).toEqual(whole.get(key) && [...whole.get(key)!]);
        }
      }),
    );
  });

  it('reads no further than the object when the pack length is known, and lets the stream go', async () => {
    const objects = new Map([
      ['a', utf8('first')],
      ['b', new Uint8Array(100_000)],
    ]);
    const bytes = encodePack(objects);
    const { stream, seen } = chunked(
      bytes,
      Array.from({ length: 100 }, (_, i) => i * 1000),
    );
    const { object } = await readPackObject(stream, 'a', 'feeds/0.pack', bytes.byteLength);
    expect(new TextDecoder().decode(object!)).toBe('first');
    // The 100 KB after it are not read: a stream may pull a chunk or two ahead, no more.
    expect(seen.pulled).toBeLessThanOrEqual(3000);
    expect(seen.cancelled).toBe(true);
  });

  const pack = encodePack(
    new Map([
      ['a', utf8('123')],
      ['é', utf8('456')],
    ]),
  );
  /** A pack as encodePack lays it out, with an index of our own. */
  const withIndex = (index: object) => {
    const head = utf8(JSON.stringify(index));
    const data = pack.subarray(pack.byteLength - 6);
    const bytes = new Uint8Array(PACK_PREFIX + head.byteLength + data.byteLength);
    bytes.set(pack.subarray(0, PACK_PREFIX - 4));
    new DataView(bytes.buffer).setUint32(PACK_PREFIX - 4, head.byteLength, true);
    bytes.set(head, PACK_PREFIX);
    bytes.set(data, PACK_PREFIX + head.byteLength);
    return bytes;
  };
  const { index } = decodePack(pack, 'lists/3.pack');
  const hugeIndex = pack.slice();
  new DataView(hugeIndex.buffer).setUint32(PACK_PREFIX - 4, 0xffffffff, true);
  it('reads back a pack laid out by withIndex with its own index', async () => {
    const { stream } = chunked(withIndex(index), [5]);
    expect(new TextDecoder().decode((await readPackObject(stream, 'é', 'lists/3.pack', null)).object!)).toBe('456');
  });
  it.each([
    ['not a pack', utf8('{"keys":[],"offsets":[]}'), 'a', null, 'not a pack (bad magic)'],
    // Refused before a buffer of that length is made.
    ['whose index length is damaged', hugeIndex, 'a', null, 'its index is 4294967295 bytes, more than a pack holds'],
    ['whose index has its keys out of order', withIndex({ ...index, keys: ['é', 'a'] }), 'a', null, 'its index is malformed'],
    ['whose index has a gap between objects', withIndex({ ...index, offsets: [0, 4] }), 'a', null, 'its index is malformed'],
    ['whose index has a length that is not a count', withIndex({ ...index, lengths: [3, -3] }), 'a', null, 'its index is malformed'],
    ['cut short before the object', pack.subarray(0, pack.byteLength - 1), 'é', null, 'it ends before the object read from it'],
    // The object read is whole; the pack is not, and is refused all the same.
    [
      'cut short after the object, length unknown',
      pack.subarray(0, pack.byteLength - 1),
      'a',
      null,
      `it is ${pack.byteLength - 1} bytes, its index says ${pack.byteLength}`,
    ],
    ['of another length than the response says', pack, 'a', pack.byteLength + 5, `it is ${pack.byteLength + 5} bytes, its index says ${pack.byteLength}`],
    ['longer than its index says', Uint8Array.from([...pack, 0]), 'a', null, `it is ${pack.byteLength + 1} bytes, its index says ${pack.byteLength}`],
    [
      'with a byte of the object changed',
      Uint8Array.from(pack, (b, i) => (i === pack.byteLength - 1 ? b ^ 1 : b)),
      'é',
      null,
      'object "é" does not match its checksum',
    ],
  ])('refuses a pack %s, naming the file', async (_name, bytes, key, length, problem) => {
    const { stream } = chunked(bytes, [3, 20, 40]);
    await expect(readPackObject(stream, key, 'lists/3.pack', length)).rejects.toThrow(new PackError('lists/3.pack', problem));
  });
});

describe('the store', () => {
  const layout = { articles: 1, lists: 1, feeds: 1 };
  const pack = encodePack(new Map([['a', utf8('123')]]));
  const storeAnswering = (headers: Record<string, string>) => createStore({ fetch: async () => new Response(pack.slice(), { headers }) }, layout);

  it("checks a pack's length against the Content-Length it is served with", async () => {
    expect(new TextDecoder().decode((await storeAnswering({ 'Content-Length': String(pack.byteLength) }).get('articles', 'a'))!)).toBe('123');
    await expect(storeAnswering({ 'Content-Length': String(pack.byteLength + 1) }).get('articles', 'a')).rejects.toThrow(
      new StoreError(`nashra: store object articles/1/0.pack is damaged: it is ${pack.byteLength + 1} bytes, its index says ${pack.byteLength}`),
    );
  });

  it('names the pack when its stream fails, whatever the error', async () => {
    const failing = createStore(
      {
        fetch: async () =>
          new Response(
            new ReadableStream({
              pull(controller) {
                controller.error(new TypeError('connection reset'));
              },
            }),
          ),
      },
      layout,
    );
    await expect(failing.get('articles', 'a')).rejects.toThrow(
      new StoreError('nashra: store object articles/1/0.pack could not be read: TypeError: connection reset'),
    );
  });

  it('reads the stream to its end instead when the bytes come decoded from another encoding (its Content-Length is not theirs)', async () => {
    const store = storeAnswering({ 'Content-Length': '7', 'Content-Encoding': 'gzip' });
    expect(new TextDecoder().decode((await store.get('articles', 'a'))!)).toBe('123');
  });
});

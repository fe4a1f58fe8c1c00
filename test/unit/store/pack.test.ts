import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lru } from '../../../src/store/lru';
import { decodePack, encodePack, PackError } from '../../../src/store/pack';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('packs', () => {
  it('give back every object byte for byte, and null for a key they do not hold', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.uint8Array({ maxLength: 64 })), (record) => {
        const objects = new Map(Object.entries(record));
        const pack = decodePack(encodePack(objects), 'articles/0.pack');
        for (const [key, bytes] of objects) expect([...pack.get(key)!]).toEqual([...bytes]);
        expect(pack.get('\u0000absent')).toBeNull();
        expect(pack.index.keys).toEqual([...objects.keys()].sort());
      }),
    );
  });

  it('are the same bytes for the same objects, in whatever order they come', () => {
    const a = encodePack(
      new Map([
        ['b', utf8('2')],
        ['a', utf8('1')],
      ]),
    );
    const b = encodePack(
      new Map([
        ['a', utf8('1')],
        ['b', utf8('2')],
      ]),
    );
    expect([...a]).toEqual([...b]);
  });

  it.each([
    ['not a pack', (_bytes: Uint8Array) => utf8('{"keys":[]}'), 'not a pack (bad magic)'],
    ['cut short', (bytes: Uint8Array) => bytes.subarray(0, bytes.byteLength - 1), 'its data is 5 bytes, the index says 6'],
    [
      'with a byte changed',
      (bytes: Uint8Array) => Uint8Array.from(bytes, (b, i) => (i === bytes.byteLength - 1 ? b ^ 1 : b)),
      'object "é" does not match its checksum',
    ],
  ])('refuse a file %s, naming it', (_name, damage, problem) => {
    const bytes = encodePack(
      new Map([
        ['a', utf8('123')],
        ['é', utf8('456')],
      ]),
    );
    expect(() => decodePack(damage(bytes), 'lists/3.pack').get('é')).toThrow(new PackError('lists/3.pack', problem));
  });
});

describe('Lru', () => {
  it('forgets the least recently used entries past its budget, and keeps nothing larger than it', () => {
    const lru = new Lru<string, string>(10, (v) => v.length);
    lru.set('a', 'aaaa');
    lru.set('b', 'bbbb');
    expect(lru.get('a')).toBe('aaaa'); // a is now the most recent
    lru.set('c', 'cccc');
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['aaaa', undefined, 'cccc']);
    expect(lru.size).toBe(8);
    lru.set('huge', 'x'.repeat(11));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.count).toBe(2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/feeds/byte-writer';
import { decode } from '../../support/decode';

describe('ByteWriter', () => {
  it('writes UTF-8 as JSON string text exactly as JSON.stringify escapes the string it encodes', () => {
    const controls = fc.constantFrom(...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), '"', '\\', '/', '\u2028', '<', 'نشرة', '😀');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), controls)), (parts) => {
        const text = parts.join('');
        const written = new ByteWriter(0).jsonText(new TextEncoder().encode(text)).finish();
        expect(decode(written)).toBe(JSON.stringify(text).slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });

  it('grows past a low estimate without cutting a character, for 1- to 4-byte UTF-8', () => {
    const parts = ['abc', 'نشرة', '中文字', '😀🇸🇾', 'x'.repeat(3000), '中'.repeat(1000)];
    const writer = new ByteWriter(1);
    for (const part of parts) writer.text(part).bytes(new TextEncoder().encode(part));
    expect(decode(writer.finish())).toBe(parts.map((p) => p + p).join(''));
  });

  it('returns exactly the bytes written, whether the estimate was close or far above', () => {
    for (const estimate of [6, 10_000]) {
      const bytes = new ByteWriter(estimate)
        .text('ab')
        .bytes(new Uint8Array([99, 100]))
        .finish();
      expect([...bytes]).toEqual([97, 98, 99, 100]);
      expect(bytes.byteLength).toBe(4);
    }
  });

  it('copies pieces: ranges of the source, the URLs for their places, relative links through the format', () => {
    const source = new TextEncoder().encode('<a href="#x">');
    const out = new ByteWriter(0)
      .pieces(
        [[0, 9], { url: 'article' }, [9, 4], ' ', { relativeUrl: 'M' }, { url: 'site' }],
        source,
        { article: 'https://e.org/a', site: 'https://e.org/' },
        (relativeUrl, url) => `${relativeUrl}@${url}`,
      )
      .finish();
    expect(decode(out)).toBe('<a href="https://e.org/a#x"> M@https://e.org/ahttps://e.org/');
  });
});

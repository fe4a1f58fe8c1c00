import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstUnsafeChar, xmlSafe } from '../../src/xml-chars';

// firstUnsafeChar points at the first character xmlSafe changes: a character XML 1.0 forbids
// (§2.2 Char) or a lone surrogate. The compiler checks every entry it writes ahead with it.

/** The same answer the slow way: the first code unit that is forbidden, or a surrogate without its pair. */
function firstUnsafeSlowly(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return i;
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    const next = text.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    if (high || low) return i;
  }
  return -1;
}

// Code units that matter here, mixed with ordinary text (Arabic and Latin letters, an emoji).
const unit = fc.constantFrom('\u0000', '\u0008', '\t', '\n', '\u000B', '\r', '\u001F', '\uFFFE', '\uFFFF', '\uD83D', '\uDE00', '😀', 'ن', 'a', ' ');
const text = fc.array(unit, { maxLength: 12 }).map((units) => units.join(''));

describe('firstUnsafeChar', () => {
  it.each([
    ['clean Arabic text 😀', -1],
    ['a\u0001b', 1],
    ['ab\uD800', 2],
    ['\uDC00a', 0],
    ['x\uD83D\uDE00\uFFFF', 3],
    ['نص\uDE00\u0002', 2],
  ])('%j → %d', (input, at) => {
    expect(firstUnsafeChar(input)).toBe(at);
  });

  it('is the first character xmlSafe changes, for any mix of the characters that matter', () => {
    fc.assert(
      fc.property(text, (t) => {
        const at = firstUnsafeSlowly(t);
        expect(firstUnsafeChar(t)).toBe(at);
        expect(at < 0).toBe(xmlSafe(t) === t);
      }),
      { numRuns: 2000 },
    );
  });
});

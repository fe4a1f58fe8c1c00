import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRoute, type Route, routePath, tagKey } from '../../src/urls';

describe('tagKey', () => {
  it('keeps the keys of tags as they are written: lower case, NFC, white space as one hyphen', () => {
    expect(tagKey('  Syria  News ')).toBe('syria-news');
    expect(tagKey('الحسكة')).toBe('الحسكة');
    expect(tagKey('Cafe\u0301')).toBe('café');
  });

  it('gives a key that is its own key, so that the URL the compiler writes is the one the Worker serves', () => {
    // NFC and then lower case gave U+03AC U+0345 here, which is not NFC: its own key is U+1FB4.
    expect(tagKey('\u0386\u0345')).toBe('\u1fb4');
    expect(tagKey('\u1fb4')).toBe('\u1fb4');
    for (const unit of ['grapheme', 'binary'] as const) {
      fc.assert(
        fc.property(fc.string({ unit }), (tag) => tagKey(tagKey(tag)) === tagKey(tag)),
        { numRuns: 5000 },
      );
    }
  });
});

describe('routePath and parseRoute', () => {
  it("read back each tag's and language's routes from their paths, percent-encoded", () => {
    const key = fc
      .string({ unit: 'grapheme', minLength: 1 })
      .map(tagKey)
      .filter((k) => k !== '');
    const route = fc.oneof(
      fc.record({
        kind: fc.constant('feed' as const),
        format: fc.constantFrom('rss' as const, 'atom' as const, 'json' as const),
        scope: fc.record({ kind: fc.constant('tag' as const), key }),
      }),
      fc.record({
        kind: fc.constant('list' as const),
        scope: fc.record({ kind: fc.constantFrom('tag' as const, 'lang' as const), key }),
        page: fc.integer({ min: 1, max: 10_000 }),
      }),
    );
    fc.assert(
      fc.property(route, (r: Route) => {
        expect(parseRoute(`/${routePath(r)}`)).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });
});

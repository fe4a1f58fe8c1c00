import { describe, expect, it } from 'vitest';
import { isNotModified, parseHttpDate, parseIfNoneMatch } from '../../../src/http/conditional';

// The conditional request fields, parsed by their grammar (RFC 9110 §13.1.2, §13.1.3, §5.6.7).
const NOW = () => Date.UTC(2026, 4, 1); // 2026-05-01: two-digit years up to 76 are this century
const SUNDAY = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseIfNoneMatch', () => {
  it.each([
    ['*', '*'],
    ['"abc"', ['"abc"']],
    ['W/"abc"', ['"abc"']],
    ['""', ['""']],
    ['"a", W/"b",  "c"', ['"a"', '"b"', '"c"']],
    ['"a",W/"b"', ['"a"', '"b"']],
    ['"a,b", "c"', ['"a,b"', '"c"']],
    ['"a",, "b",', ['"a"', '"b"']],
    [', "a"', ['"a"']],
    ['"a"\t,\t"b"', ['"a"', '"b"']],
    ['"\x80\xff"', ['"\x80\xff"']],
    ['', []],
    [',', []],
  ])('reads %j as %j', (value, expected) => {
    expect(parseIfNoneMatch(value)).toEqual(expected);
  });

  it.each(['garb*age', '"x", *', '*, "x"', '**', 'W/*', 'abc', '"abc', 'abc"', '"a" "b"', '"a"b', '"a b"', '"a""b"', 'w/"a"', 'W/ "a"', '"a";"b"', '"\u0100"'])(
    'finds no list in %j',
    (value) => {
      expect(parseIfNoneMatch(value)).toBeNull();
    },
  );
});

describe('parseHttpDate', () => {
  it.each([
    ['an IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', SUNDAY],
    ['an rfc850-date', 'Sunday, 06-Nov-94 08:49:37 GMT', SUNDAY],
    ['asctime-date, one-digit day', 'Sun Nov  6 08:49:37 1994', SUNDAY],
    ['asctime-date, two-digit day', 'Wed Nov 16 08:49:37 1994', Date.UTC(1994, 10, 16, 8, 49, 37)],
    ['rfc850-date, year 76 (50 years ahead)', 'Friday, 01-May-76 00:00:00 GMT', Date.UTC(2076, 4, 1)],
    ['rfc850-date, year 77 (in the past)', 'Sunday, 01-May-77 00:00:00 GMT', Date.UTC(1977, 4, 1)],
    ['rfc850-date, year 22', 'Friday, 21-Jan-22 00:00:00 GMT', Date.UTC(2022, 0, 21)],
    ['29 February of a leap year', 'Tue, 29 Feb 2000 12:00:00 GMT', Date.UTC(2000, 1, 29, 12)],
    ['a leap second, as the second before', 'Sat, 31 Dec 2016 23:59:60 GMT', Date.UTC(2016, 11, 31, 23, 59, 59)],
    ['year 0099 as written, not 1999', 'Thu, 01 Jan 0099 00:00:00 GMT', new Date(0).setUTCFullYear(99, 0, 1)],
  ])('reads %s', (_name, value, expected) => {
    expect(parseHttpDate(value, NOW)).toBe(expected);
  });

  it.each([
    '3000',
    '2030-01-01',
    '99999',
    'yesterday',
    '',
    '2022-01-21T00:00:00Z',
    'Fri, 21 Jan 2022 00:00:00 +0000',
    'Fri, 21 Jan 2022 00:00:00 UTC',
    'Fri, 21 Jan 2022 00:00:00 gmt',
    'fri, 21 Jan 2022 00:00:00 GMT',
    'Fri, 21 jan 2022 00:00:00 GMT',
    'Friday, 21 Jan 2022 00:00:00 GMT',
    'Fri 21 Jan 2022 00:00:00 GMT',
    'Fri, 1 Jan 2022 00:00:00 GMT',
    'Fri, 21 Jan 22 00:00:00 GMT',
    'Fri, 21 Jan 2022 0:00:00 GMT',
    'Fri, 21 Jan 2022 00:00 GMT',
    ' Fri, 21 Jan 2022 00:00:00 GMT',
    'Fri, 21 Jan 2022 00:00:00 GMT ',
    'Fri, 21 Jan 2022 00:00:00 GMT, Sat, 22 Jan 2022 00:00:00 GMT',
    'Fri, 21 Jan 2022 24:00:00 GMT',
    'Fri, 21 Jan 2022 23:60:00 GMT',
    'Fri, 21 Jan 2022 23:59:61 GMT',
    'Mon, 31 Feb 2022 00:00:00 GMT',
    'Mon, 29 Feb 2100 00:00:00 GMT',
    'Mon, 00 Jan 2022 00:00:00 GMT',
    'Fri, 21-Jan-22 00:00:00 GMT',
    'Fri Jan 21 00:00:00 2022 GMT',
    'Fri Jan 1 00:00:00 2022',
    'Fri Jan 01 00:00:00 22',
  ])('ignores %j', (value) => {
    expect(parseHttpDate(value, NOW)).toBeNull();
  });
});

describe('isNotModified', () => {
  const ETAG = '"0123456789abcdef"';
  const LAST_MODIFIED = 'Fri, 21 Jan 2022 00:00:00 GMT';
  const check = (fields: Record<string, string>) => isNotModified(new Headers(fields), ETAG, LAST_MODIFIED, NOW);

  it.each([
    [{}, false],
    [{ 'If-None-Match': ETAG }, true],
    [{ 'If-None-Match': `W/${ETAG}` }, true],
    [{ 'If-None-Match': `"nope", W/"other", ${ETAG}` }, true],
    [{ 'If-None-Match': '*' }, true],
    [{ 'If-None-Match': '"nope"' }, false],
    [{ 'If-None-Match': 'garb*age' }, false],
    [{ 'If-None-Match': '"x", *' }, false],
    [{ 'If-None-Match': `${ETAG} garbage` }, false],
    [{ 'If-None-Match': '' }, false],
    // If-None-Match decides whenever it is present, even malformed (§13.2.2).
    [{ 'If-None-Match': 'garb*age', 'If-Modified-Since': 'Sat, 01 Jan 2033 00:00:00 GMT' }, false],
    [{ 'If-None-Match': ETAG, 'If-Modified-Since': 'Thu, 20 Jan 2022 00:00:00 GMT' }, true],
    [{ 'If-Modified-Since': LAST_MODIFIED }, true],
    [{ 'If-Modified-Since': 'Sat, 22 Jan 2022 08:00:00 GMT' }, true],
    [{ 'If-Modified-Since': 'Thu, 20 Jan 2022 23:59:59 GMT' }, false],
    [{ 'If-Modified-Since': 'Friday, 21-Jan-22 00:00:00 GMT' }, true],
    [{ 'If-Modified-Since': 'Fri Jan 21 00:00:00 2022' }, true],
    [{ 'If-Modified-Since': 'Thursday, 20-Jan-22 00:00:00 GMT' }, false],
    [{ 'If-Modified-Since': '3000' }, false],
    [{ 'If-Modified-Since': '2030-01-01' }, false],
    [{ 'If-Modified-Since': '99999' }, false],
    [{ 'If-Modified-Since': 'yesterday' }, false],
  ])('%j → %s', (fields, expected) => {
    expect(check(fields)).toBe(expected);
  });
});

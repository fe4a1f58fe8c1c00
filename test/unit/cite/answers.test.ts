import { describe, expect, it } from 'vitest';
import {
  captureUrl,
  closestCapture,
  dateCheck,
  readCdxAnswer,
  readOembedAnswer,
  readTcoAnswer,
  type Received,
  textCheck,
} from '../../../scripts/lib/cite/answers';
import { parseRetryAfter, retryDelay } from '../../../scripts/lib/cite/http';
import { basesFrom, cdxUrls, oembedUrl, tcoUrl } from '../../../scripts/lib/cite/plan';
import { oembedHtml } from '../../support/fake-network';

const answer = (overrides: Partial<Received>): Received => ({ url: 'https://t.co/i7asX0525C', status: 301, location: null, body: '', ...overrides });

describe('reading t.co', () => {
  it.each([
    ['https://twitter.com/Mustafa5g4d2k8u/status/1484461126309265185/photo/1', { kind: 'status', handle: 'Mustafa5g4d2k8u', id: '1484461126309265185' }],
    ['https://x.com/sebusher/status/1484488445207920417/photo/1', { kind: 'status', handle: 'sebusher', id: '1484488445207920417' }],
    ['https://mobile.twitter.com/a_b/status/123/video/1?s=20', { kind: 'status', handle: 'a_b', id: '123' }],
    ['https://www.x.com/a/statuses/123', { kind: 'status', handle: 'a', id: '123' }],
    ['https://example.com/a/status/123', { kind: 'not_a_tweet', location: 'https://example.com/a/status/123' }],
    ['https://twitter.com/Mustafa5g4d2k8u', { kind: 'not_a_tweet', location: 'https://twitter.com/Mustafa5g4d2k8u' }],
    ['https://twitter.com.evil.example/a/status/1', { kind: 'not_a_tweet', location: 'https://twitter.com.evil.example/a/status/1' }],
    ['ftp://twitter.com/a/status/1', { kind: 'not_a_tweet', location: 'ftp://twitter.com/a/status/1' }],
    ['https://x.com/i/status/123', { kind: 'failed', reason: 't.co named the status without its author (https://x.com/i/status/123)' }],
  ])('a redirect to %s', (location, verdict) => {
    expect(readTcoAnswer(answer({ location }))).toEqual(verdict);
  });

  it('reads other answers', () => {
    expect(readTcoAnswer(answer({ status: 404 }))).toEqual({ kind: 'not_found' });
    expect(readTcoAnswer(answer({ status: 302 }))).toEqual({ kind: 'failed', reason: 't.co answered 302 without a Location' });
    expect(readTcoAnswer(answer({ status: 200, body: '<meta http-equiv="refresh" content="0;URL=https://x.com/">' }))).toEqual({
      kind: 'failed',
      reason: 't.co answered 200 with an HTML page (a meta refresh, the answer browsers get) instead of a redirect',
    });
    expect(readTcoAnswer(answer({ status: 200, body: '<p>hi</p>' }))).toEqual({ kind: 'failed', reason: 't.co answered 200 instead of a redirect' });
    expect(readTcoAnswer(answer({ status: 403 }))).toEqual({ kind: 'failed', reason: 't.co answered 403 instead of a redirect' });
  });
});

describe('reading oEmbed', () => {
  it('takes the author and the words out of the embed HTML', () => {
    const html = oembedHtml({ text: 'Hello & <you> pic.twitter.com/abc', lang: 'en', name: 'Jane', handle: 'jane', id: '1484461126309265185' });
    expect(readOembedAnswer(answer({ status: 200, body: JSON.stringify({ author_name: 'Jane', html }) }))).toEqual({
      kind: 'ok',
      authorName: 'Jane',
      text: 'Hello & <you> pic.twitter.com/abc',
    });
    expect(readOembedAnswer(answer({ status: 200, body: '{"author_name": 3}' }))).toEqual({ kind: 'ok', authorName: null, text: null });
  });

  it('takes 404, 403 and 410 for a tweet gone or protected, and refuses the rest', () => {
    for (const status of [404, 403, 410]) expect(readOembedAnswer(answer({ status }))).toEqual({ kind: 'gone' });
    expect(readOembedAnswer(answer({ status: 400 }))).toEqual({ kind: 'failed', reason: 'oEmbed answered 400' });
    expect(readOembedAnswer(answer({ status: 200, body: '{' }))).toEqual({ kind: 'failed', reason: 'oEmbed answered 200 with malformed JSON' });
    expect(readOembedAnswer(answer({ status: 200, body: '[1]' }))).toEqual({ kind: 'failed', reason: 'oEmbed answered 200 with JSON that is not an object' });
  });
});

describe('reading the CDX and choosing the capture', () => {
  const rows = (...r: string[][]) => answer({ status: 200, body: JSON.stringify([['timestamp', 'original', 'statuscode'], ...r]) });

  it('reads captures by the header row', () => {
    expect(readCdxAnswer(rows(['20220121101502', 'https://twitter.com/a/status/1', '200']))).toEqual({
      kind: 'ok',
      captures: [{ timestamp: '20220121101502', original: 'https://twitter.com/a/status/1' }],
    });
    expect(readCdxAnswer(answer({ status: 200, body: '[]' }))).toEqual({ kind: 'ok', captures: [] });
    expect(readCdxAnswer(answer({ status: 200, body: '' }))).toEqual({ kind: 'ok', captures: [] });
  });

  it('refuses what is not CDX output', () => {
    expect(readCdxAnswer(answer({ status: 503 }))).toEqual({ kind: 'failed', reason: 'the Wayback CDX answered 503' });
    expect(readCdxAnswer(answer({ status: 200, body: '[["a"' }))).toEqual({ kind: 'failed', reason: 'the Wayback CDX answered 200 with malformed JSON' });
    expect(readCdxAnswer(answer({ status: 200, body: '{"a":1}' }))).toEqual({
      kind: 'failed',
      reason: 'the Wayback CDX answered JSON that is not a list of rows',
    });
    expect(readCdxAnswer(rows(['2022', 'https://x.com/a', '200']))).toEqual({
      kind: 'failed',
      reason: 'the Wayback CDX answered a row without a 14-digit timestamp and a URL',
    });
  });

  it('keeps the capture closest to the tweet, the earlier on a tie', () => {
    const c = (timestamp: string, original = 'https://twitter.com/a/status/1') => ({ timestamp, original });
    const time = '2022-01-21T12:00:00.000Z';
    expect(closestCapture([c('20220301000000'), c('20220121130000'), c('20220121100000')], time)).toEqual(c('20220121130000'));
    expect(closestCapture([c('20220121130000'), c('20220121110000')], time)).toEqual(c('20220121110000'));
    expect(closestCapture([c('20220121110000', 'https://x.com/a/status/1'), c('20220121110000')], time)).toEqual(c('20220121110000'));
    expect(closestCapture([], time)).toBeNull();
    expect(captureUrl(c('20220121110000'))).toBe('https://web.archive.org/web/20220121110000/https://twitter.com/a/status/1');
  });
});

describe('checks', () => {
  it.each([
    ['2022-01-21', '2022-01-21T09:41:27.123Z', 'same'],
    ['2022-01-21', '2022-01-20T23:10:00.000Z', 'same'],
    ['2022-01-21', '2022-01-22T02:00:00.000Z', 'same'],
    ['2022-01-21', '2022-01-23T00:00:00.000Z', 'differs'],
    ['2022-01-21', '2022-01-19T23:59:59.999Z', 'differs'],
    ['2022-01-21', null, 'unknown'],
  ] as const)('the date %s against the time %s is %s', (date, time, check) => {
    expect(dateCheck(date, time)).toBe(check);
  });

  it('compares the quote with the tweet after normalising whitespace and links', () => {
    expect(textCheck('Hello\nworld pic.twitter.com/abc', 'Hello world https://t.co/abc')).toBe('same');
    expect(textCheck('\u200fHello world', 'Hello  world')).toBe('same');
    expect(textCheck('Hello world', 'Hello there')).toBe('differs');
    expect(textCheck('Hello world', null)).toBe('unknown');
  });
});

describe('waiting before a retry', () => {
  const NOW = Date.parse('2026-07-01T12:00:00Z');
  it('reads Retry-After as seconds or an HTTP-date (RFC 9110 §10.2.3)', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jul 2026 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 Jul 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('backs off exponentially unless told, and never waits past the cap', () => {
    const o = { backoffMs: 1000, maxWaitMs: 60_000 };
    expect([0, 1, 2, 3, 6].map((n) => retryDelay(null, n, o, NOW))).toEqual([1000, 2000, 4000, 8000, 60_000]);
    expect(retryDelay('7', 0, o, NOW)).toBe(7000);
    expect(retryDelay('86400', 0, o, NOW)).toBe(60_000);
  });
});

describe('the services asked', () => {
  it('use their own paths after a base that the environment may change', () => {
    expect(basesFrom({})).toEqual({ tco: 'https://t.co', oembed: 'https://publish.twitter.com', cdx: 'https://web.archive.org' });
    const bases = basesFrom({ NASHRA_TCO_BASE: 'http://127.0.0.1:1/', NASHRA_OEMBED_BASE: 'http://127.0.0.1:2', NASHRA_CDX_BASE: ' ' });
    expect(bases).toEqual({ tco: 'http://127.0.0.1:1', oembed: 'http://127.0.0.1:2', cdx: 'https://web.archive.org' });
    expect(tcoUrl(basesFrom({}), 'i7asX0525C')).toBe('https://t.co/i7asX0525C');
    expect(oembedUrl(basesFrom({}), 'https://twitter.com/a/status/1')).toBe(
      'https://publish.twitter.com/oembed?url=https%3A%2F%2Ftwitter.com%2Fa%2Fstatus%2F1&omit_script=1&dnt=1',
    );
    expect(cdxUrls(basesFrom({}), 'a', '1')).toEqual([
      'https://web.archive.org/cdx/search/cdx?url=twitter.com%2Fa%2Fstatus%2F1&output=json&fl=timestamp,original,statuscode&filter=statuscode:200&limit=25',
      'https://web.archive.org/cdx/search/cdx?url=x.com%2Fa%2Fstatus%2F1&output=json&fl=timestamp,original,statuscode&filter=statuscode:200&limit=25',
    ]);
  });
});

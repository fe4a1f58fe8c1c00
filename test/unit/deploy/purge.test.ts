import { afterEach, describe, expect, it } from 'vitest';
import { type PurgeTagsOptions, purgeTags, retryAfterMs } from '../../../scripts/lib/purge';
import { type Answer, type FakeApi, purged, startFakeApi } from '../../support/fake-cloudflare-api';

const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
const token = 'purge-token-that-must-never-be-printed';
const now = Date.UTC(2026, 4, 1, 12, 0, 0);

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** purgeTags against a fake API answering `answers`, with the waits and log lines it asked for. */
async function purgeWith(answers: Answer[], options: Partial<PurgeTagsOptions> = {}) {
  api = await startFakeApi(answers);
  const sleeps: number[] = [];
  const logs: string[] = [];
  const result = await purgeTags({
    zoneId,
    token,
    tags: ['nashra-1234abcd'],
    apiBase: api.base,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => now,
    log: (line) => logs.push(line),
    ...options,
  });
  expect(logs.join('\n')).not.toContain(token);
  return { result, sleeps, logs, received: api.received };
}

const forbidden = { status: 403, body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null } };
const internal = (status: number) => ({ status, body: { success: false, errors: [{ code: 10001, message: 'Internal error' }], messages: [], result: null } });

describe('purgeTags', () => {
  it('posts the tags as JSON with the bearer token to the zone purge endpoint, once', async () => {
    const { result, sleeps, logs, received } = await purgeWith([purged]);
    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.method).toBe('POST');
    expect(received[0]!.url).toBe(`/client/v4/zones/${zoneId}/purge_cache`);
    expect(received[0]!.headers.authorization).toBe(`Bearer ${token}`);
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.body).toBe('{"tags":["nashra-1234abcd"]}');
    expect(sleeps).toEqual([]);
    expect(logs).toEqual([]);
  });

  it('waits as long as a 429 says in Retry-After (seconds), then tries again', async () => {
    const limited = {
      status: 429,
      headers: { 'Retry-After': '7' },
      body: { success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }] },
    };
    const { result, sleeps, logs, received } = await purgeWith([limited, purged]);
    expect(result).toEqual({ ok: true, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe('{"tags":["nashra-1234abcd"]}');
    expect(sleeps).toEqual([7000]);
    expect(logs).toEqual(['nashra: purge attempt 1 of 4: HTTP 429: Please wait and consider throttling your request speed (code 971); trying again in 7 s']);
  });

  it('reads a Retry-After given as an HTTP-date against the clock, and waits at most a minute', async () => {
    const until = (header: string) => ({ status: 429, headers: { 'Retry-After': header }, body: { success: false, errors: [] } });
    const dated = await purgeWith([until(new Date(now + 30_000).toUTCString()), purged]);
    expect(dated.result).toEqual({ ok: true, attempts: 2 });
    expect(dated.sleeps).toEqual([30_000]);
    await api?.close();
    const long = await purgeWith([until('3600'), purged]);
    expect(long.sleeps).toEqual([60_000]);
    expect(long.logs).toEqual(['nashra: purge attempt 1 of 4: HTTP 429: Too Many Requests; trying again in 60 s']);
  });

  it('tries again after a 500, backing off 1 s', async () => {
    const { result, sleeps, logs, received } = await purgeWith([internal(500), purged]);
    expect(result).toEqual({ ok: true, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
    expect(logs).toEqual(['nashra: purge attempt 1 of 4: HTTP 500: Internal error (code 10001); trying again in 1 s']);
  });

  it('gives up after 4 attempts, backing off 1, 2, 4 s', async () => {
    // The last answer is not Cloudflare's JSON (a proxy's error page, say): its status line is all it says.
    const proxy = { status: 502, body: '<html>Bad gateway</html>' };
    const { result, sleeps, received } = await purgeWith([internal(503), internal(500), internal(503), proxy]);
    expect(result).toEqual({ ok: false, attempts: 4, reason: 'HTTP 502: Bad Gateway' });
    expect(received).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it("fails at once on a 403, with Cloudflare's error messages", async () => {
    const { result, sleeps, logs, received } = await purgeWith([forbidden, purged]);
    expect(result).toEqual({ ok: false, attempts: 1, reason: 'HTTP 403: Authentication error (code 10000)' });
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(logs).toEqual([]);
  });

  it('fails at once on a 200 whose answer says success: false', async () => {
    const refused = {
      status: 200,
      body: {
        success: false,
        errors: [
          { code: 1134, message: 'Invalid tag' },
          { code: 1135, message: 'Too many tags' },
        ],
      },
    };
    const { result, received } = await purgeWith([refused]);
    expect(result).toEqual({ ok: false, attempts: 1, reason: 'HTTP 200: Invalid tag (code 1134); Too many tags (code 1135)' });
    expect(received).toHaveLength(1);
  });

  it('fails at once on a 200 that is not the JSON of a success', async () => {
    const { result, received } = await purgeWith([{ status: 200, body: 'ok' }]);
    expect(result).toEqual({ ok: false, attempts: 1, reason: 'HTTP 200: the answer does not say success' });
    expect(received).toHaveLength(1);
  });

  it('gives up on a request that never answers after its timeout, tried 4 times', async () => {
    const { result, sleeps, logs, received } = await purgeWith(['hang', 'hang', 'hang', 'hang'], { timeoutMs: 200 });
    expect(result).toEqual({ ok: false, attempts: 4, reason: 'no answer within 0.2 s' });
    expect(received).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(logs).toEqual([1, 2, 3].map((n) => `nashra: purge attempt ${n} of 4: no answer within 0.2 s; trying again in ${2 ** (n - 1)} s`));
  });

  it('tries again after a connection reset', async () => {
    const { result, sleeps, logs, received } = await purgeWith(['reset', purged]);
    expect(result).toEqual({ ok: true, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
    expect(logs).toEqual(['nashra: purge attempt 1 of 4: network error: read ECONNRESET; trying again in 1 s']);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['120', 120_000],
    [' 5 ', 5000],
    ['0', 0],
    ['Fri, 01 May 2026 12:00:30 GMT', 30_000],
    ['Fri, 01 May 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['-3', undefined],
    ['1.5', undefined],
  ])('reads %j as %j ms', (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });

  it('is undefined without the header', () => {
    expect(retryAfterMs(null, now)).toBe(undefined);
  });
});

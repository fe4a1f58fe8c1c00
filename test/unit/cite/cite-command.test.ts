import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCite } from '../../../scripts/lib/cite/main';
import { answer, BUNDLED_TWEETS, type FakeServer, type FakeTweet, json, redirect, startFake, type WorldOptions, world } from '../../support/fake-network';

// `npm run cite` in process (scripts/cite.ts only wires it to Node), on a scratch copy of content/,
// against a fake t.co, oEmbed and CDX on 127.0.0.1. A fixed clock; sleeps are recorded, not waited.

const NOW = new Date('2026-07-01T12:00:00.000Z');
const ARTICLE = 'hasakah-ghwayran-prison-attack.txt';
const SHOWN = `content/${ARTICLE}`;
const LINES = [10, 15, 23];
const [MUSTAFA, HANZALA, SEB] = BUNDLED_TWEETS as [FakeTweet, FakeTweet, FakeTweet];

const fakes: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(o: WorldOptions = {}): Promise<FakeServer> {
  const server = await startFake(world(o));
  fakes.push(server);
  return server;
}

/** A temporary directory holding a copy of content/. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-cite-'));
  cpSync('content', join(dir, 'content'), { recursive: true });
  return dir;
}

const envFor = (tco: FakeServer, archive = tco) => ({ NASHRA_TCO_BASE: tco.base, NASHRA_OEMBED_BASE: archive.base, NASHRA_CDX_BASE: archive.base });

async function cite(dir: string, env: Record<string, string>, argv: string[] = [], more: { signal?: AbortSignal; onErr?: (text: string) => void } = {}) {
  let out = '';
  let err = '';
  const delays: number[] = [];
  const code = await runCite({
    argv: ['--content', 'content', '--timeout', '300', '--retries', '2', '--backoff', '10', ...argv],
    env,
    cwd: dir,
    fetch: globalThis.fetch,
    now: () => NOW,
    sleep: async (ms) => {
      delays.push(ms);
    },
    stdout: { write: (s: string) => (out += s) },
    stderr: {
      write: (s: string) => {
        err += s;
        more.onErr?.(s);
      },
    },
    ...(more.signal ? { signal: more.signal } : {}),
  });
  return { code, out, err, delays };
}

const recordOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'content/citations.json'), 'utf8'));
const recordText = (dir: string) => readFileSync(join(dir, 'content/citations.json'), 'utf8');
const statusUrl = (t: FakeTweet) => `https://twitter.com/${t.handle}/status/${t.id}`;
const cdxUrls = (base: string, t: FakeTweet) =>
  ['twitter.com', 'x.com'].map(
    (host) => `${base}/cdx/search/cdx?url=${host}%2F${t.handle}%2Fstatus%2F${t.id}&output=json&fl=timestamp,original,statuscode&filter=statuscode:200&limit=25`,
  );
const oembedUrl = (base: string, t: FakeTweet) => `${base}/oembed?url=${encodeURIComponent(statusUrl(t))}&omit_script=1&dnt=1`;
const ASKED = '2026-07-01T12:00:00.000Z';

/** The entry a resolved bundled tweet gets, the fake's answers in it. */
function resolvedEntry(
  t: FakeTweet,
  line: number,
  tco: string,
  archive: string,
  extra: { archive_url?: string | null; captures?: number; file?: string } = {},
) {
  return {
    file: extra.file ?? ARTICLE,
    line,
    handle: t.handle,
    ref: `pic.twitter.com/${t.code}`,
    state: 'resolved',
    status_url: statusUrl(t),
    status_id: t.id,
    time: t.time,
    archive_url: extra.archive_url ?? null,
    checks: { date: 'same', text: 'same' },
    tco: { asked_at: ASKED, url: `${tco}/${t.code}`, status: 301, location: `https://${t.host}/${t.handle}/status/${t.id}/photo/1` },
    oembed: { asked_at: ASKED, url: oembedUrl(archive, t), status: 200, author_name: t.name, text: t.text },
    wayback: { asked_at: ASKED, urls: cdxUrls(archive, t), captures: extra.captures ?? 0 },
  };
}

const ABOUT =
  'Tweets cited in this directory, as t.co, oEmbed and the Wayback Machine described them when asked. Written by `npm run cite`; review and commit it with the content.';
const record = (citations: unknown[]) => ({ about: ABOUT, format: 1, citations });

// Captures of the first and the third tweet; the second has none. The third's nearest is on x.com.
const CAPTURES: WorldOptions['captures'] = {
  [`twitter.com/${MUSTAFA.handle}/status/${MUSTAFA.id}`]: [
    ['20220301000000', statusUrl(MUSTAFA)],
    ['20220121101502', statusUrl(MUSTAFA)],
  ],
  [`twitter.com/${SEB.handle}/status/${SEB.id}`]: [['20220122080000', statusUrl(SEB)]],
  [`x.com/${SEB.handle}/status/${SEB.id}`]: [['20220121120001', `https://x.com/${SEB.handle}/status/${SEB.id}`]],
};

describe('npm run cite resolves the bundled article', () => {
  it('writes every citation into content/citations.json: status, exact time, nearest capture, and what each service said', async () => {
    const dir = scratch();
    const net = await fake({ captures: CAPTURES });
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(0);
    const b = net.base;
    const expected = record([
      resolvedEntry(MUSTAFA, 10, b, b, { archive_url: `https://web.archive.org/web/20220121101502/${statusUrl(MUSTAFA)}`, captures: 2 }),
      resolvedEntry(HANZALA, 15, b, b),
      resolvedEntry(SEB, 23, b, b, { archive_url: `https://web.archive.org/web/20220121120001/https://x.com/${SEB.handle}/status/${SEB.id}`, captures: 2 }),
    ]);
    // Plain, stable JSON: 2 spaces, keys in a fixed order, entries in reading order, a final newline.
    expect(recordText(dir)).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(net.requests.filter((r) => !r.startsWith('/oembed') && !r.startsWith('/cdx'))).toEqual(['/i7asX0525C', '/sRFnMHOkDB', '/fua89uC5wV']);
    expect(net.requests).toHaveLength(3 + 3 + 6);
    expect(new Set(net.userAgents)).toEqual(new Set(['nashra-cite/0.1 (citation resolver of the nashra feed publisher)']));
    expect(run.out).toBe('nashra cite: 3 citation(s): 3 resolved, 0 already recorded, 0 unresolvable\n');
    expect(run.err).toBe([1, 2, 3].map((n) => `nashra cite: ${n}/3 looked up · ${n} resolved · 0 unresolvable\n`).join(''));
    expect(run.delays).toEqual([]);
  });

  it('asks nothing again for citations already recorded', async () => {
    const dir = scratch();
    const net = await fake();
    await cite(dir, envFor(net));
    const before = recordText(dir);
    net.requests.length = 0;
    const again = await cite(dir, envFor(net));
    expect(again.code).toBe(0);
    expect(net.requests).toEqual([]);
    expect(recordText(dir)).toBe(before);
    expect(again.out).toBe('nashra cite: 3 citation(s): 0 resolved, 3 already recorded, 0 unresolvable\n');
  });

  it('keeps at most 2 requests at a time per host', async () => {
    // Eight tweets, and services that take 40 ms to answer: t.co on one host, oEmbed and the CDX on another.
    const tweets: FakeTweet[] = Array.from({ length: 8 }, (_, i) => ({
      ...MUSTAFA,
      code: `code${i}`,
      id: (BigInt(MUSTAFA.id) + BigInt(i)).toString(),
      text: `Tweet ${i} pic.twitter.com/code${i}`,
    }));
    const slow: WorldOptions = {
      tweets,
      override: async () => {
        await new Promise((r) => setTimeout(r, 40));
        return false;
      },
    };
    const tco = await fake(slow);
    const archive = await fake(slow);
    const dir = scratch();
    const body = tweets.map((t) => `${t.text}\n— ${t.name} (@${t.handle}) January 21, 2022`).join('\n');
    writeFileSync(join(dir, 'content', ARTICLE), `---\ntitle: Eight\ndate: 2022-01-21\n---\n${body}\n`);
    const run = await cite(dir, envFor(tco, archive));
    expect(run.code).toBe(0);
    expect(tco.requests).toHaveLength(8);
    expect(archive.requests).toHaveLength(8 * 3);
    expect([tco.maxConcurrent, archive.maxConcurrent]).toEqual([2, 2]);
    expect(recordOf(dir).citations.map((e: { state: string }) => e.state)).toEqual(Array(8).fill('resolved'));
  });

  it('asks once for a tweet cited twice, and records each citation', async () => {
    const dir = scratch();
    const quote = `${MUSTAFA.text}\n— ${MUSTAFA.name} (@${MUSTAFA.handle}) January 21, 2022`;
    writeFileSync(join(dir, 'content/second.txt'), `---\ntitle: Again\ndate: 2022-01-22\n---\nAs quoted before:\n${quote}\n`);
    const net = await fake();
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(0);
    expect(net.requests.filter((r) => r === '/i7asX0525C')).toHaveLength(1);
    expect(net.requests.filter((r) => r.startsWith('/oembed'))).toHaveLength(3);
    const entries = recordOf(dir).citations;
    expect(entries.map((e: { file: string; line: number; handle: string }) => [e.file, e.line, e.handle])).toEqual([
      [ARTICLE, 10, MUSTAFA.handle],
      [ARTICLE, 15, HANZALA.handle],
      [ARTICLE, 23, SEB.handle],
      ['second.txt', 6, MUSTAFA.handle],
    ]);
    expect(entries[3]).toEqual(resolvedEntry(MUSTAFA, 6, net.base, net.base, { file: 'second.txt' }));
  });
});

describe('bad answers and faults leave the record, the content and the build intact', () => {
  /** The bundled article resolved against a world where one tweet's t.co link answers `answer`. */
  async function withTco(answer: NonNullable<WorldOptions['override']>, code = MUSTAFA.code, argv: string[] = []) {
    const dir = scratch();
    const content = readFileSync(join(dir, 'content', ARTICLE));
    const net = await fake({ override: (url, res, req) => (url.pathname === `/${code}` ? answer(url, res, req) : false) });
    const run = await cite(dir, envFor(net), argv);
    expect(readFileSync(join(dir, 'content', ARTICLE)).equals(content)).toBe(true);
    return { dir, net, run };
  }
  const others = (dir: string) => recordOf(dir).citations.filter((e: { handle: string }) => e.handle !== MUSTAFA.handle);

  it('t.co answering 404: recorded as not_found, reported with file and line', async () => {
    const { dir, net, run } = await withTco((_, res) => answer(res, 404));
    expect(run.code).toBe(0);
    expect(recordOf(dir).citations[0]).toEqual({
      ...resolvedEntry(MUSTAFA, 10, net.base, net.base),
      state: 'not_found',
      status_url: null,
      status_id: null,
      time: null,
      checks: null,
      tco: { asked_at: ASKED, url: `${net.base}/i7asX0525C`, status: 404, location: null },
      oembed: null,
      wayback: null,
    });
    expect(others(dir).map((e: { state: string }) => e.state)).toEqual(['resolved', 'resolved']);
    const line = `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: not_found: t.co answered 404: it does not know ${net.base}/i7asX0525C`;
    expect(run.err).toContain(`${line}\n`);
    expect(run.out).toBe(`nashra cite: 3 citation(s): 2 resolved, 0 already recorded, 1 unresolvable\n  ${line}\n`);
  });

  it('t.co answering 200 with a meta refresh (what browsers get): not recorded, asked again next run', async () => {
    const page =
      '<head><meta name="referrer" content="always"><noscript><META http-equiv="refresh" content="0;URL=https://twitter.com/x/status/1/photo/1"></noscript></head>';
    const { dir, run } = await withTco((_, res) => answer(res, 200, { 'content-type': 'text/html' }, page));
    expect(run.code).toBe(1);
    expect(recordOf(dir).citations.map((e: { handle: string }) => e.handle)).toEqual([HANZALA.handle, SEB.handle]);
    const reason = 't.co answered 200 with an HTML page (a meta refresh, the answer browsers get) instead of a redirect';
    expect(run.err).toContain(`${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: ${reason}\n`);
    expect(run.out).toContain(`  ${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: ${reason} (not recorded: the next run asks again)\n`);
  });

  it('a redirect to something that is not a post: recorded as not_a_tweet', async () => {
    const { dir, net, run } = await withTco((_, res) => redirect(res, 'https://example.com/promo?x=1'));
    expect(run.code).toBe(0);
    expect(recordOf(dir).citations[0]).toMatchObject({
      state: 'not_a_tweet',
      status_url: null,
      tco: { asked_at: ASKED, url: `${net.base}/i7asX0525C`, status: 301, location: 'https://example.com/promo?x=1' },
      oembed: null,
    });
    expect(run.err).toContain(
      `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: not_a_tweet: t.co led to https://example.com/promo?x=1, which is not a post\n`,
    );
    expect(net.requests.filter((r) => r.includes(MUSTAFA.id))).toEqual([]);
  });

  it('a handle mismatch: recorded as such with what t.co said, never adopted', async () => {
    const other = `https://x.com/SomeoneElse/status/${MUSTAFA.id}/photo/1`;
    const { dir, net, run } = await withTco((_, res) => redirect(res, other));
    expect(run.code).toBe(0);
    expect(recordOf(dir).citations[0]).toEqual({
      ...resolvedEntry(MUSTAFA, 10, net.base, net.base),
      state: 'handle_mismatch',
      status_url: null,
      status_id: null,
      time: null,
      checks: null,
      tco: { asked_at: ASKED, url: `${net.base}/i7asX0525C`, status: 301, location: other },
      oembed: null,
      wayback: null,
    });
    expect(run.err).toContain(
      `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: handle_mismatch: t.co led to a post by @SomeoneElse, not by the cited @Mustafa5g4d2k8u (${other}); recorded, never linked\n`,
    );
    // The other author's post is not looked up.
    expect(net.requests.filter((r) => r.includes(MUSTAFA.id))).toEqual([]);
  });

  it('accepts the handle in another case', async () => {
    const { dir, run } = await withTco((_, res) => redirect(res, `https://twitter.com/MUSTAFA5G4D2K8U/status/${MUSTAFA.id}/photo/1`));
    expect(run.code).toBe(0);
    expect(recordOf(dir).citations[0]).toMatchObject({ state: 'resolved', status_url: statusUrl(MUSTAFA) });
  });

  it('oEmbed answering 404 (deleted or protected): resolved by t.co, the loss reported', async () => {
    const dir = scratch();
    const net = await fake({ override: (url, res) => (url.pathname === '/oembed' && url.search.includes(MUSTAFA.id) ? json(res, 404, '') : false) });
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(0);
    expect(recordOf(dir).citations[0]).toEqual({
      ...resolvedEntry(MUSTAFA, 10, net.base, net.base),
      checks: { date: 'same', text: 'unknown' },
      oembed: { asked_at: ASKED, url: oembedUrl(net.base, MUSTAFA), status: 404, author_name: null, text: null },
    });
    expect(run.err).toContain(
      `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: warning: oEmbed answered 404: the tweet is deleted or protected; the quote is what is left\n`,
    );
  });

  it('reports a quote that differs from the tweet, and a date more than a day away', async () => {
    const dir = scratch();
    const tweets = [
      { ...MUSTAFA, id: '1485548289906065185', time: '2022-01-24T09:41:27.123Z', text: 'Something else entirely pic.twitter.com/i7asX0525C' },
      HANZALA,
      SEB,
    ];
    const net = await fake({ tweets });
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(0);
    expect(recordOf(dir).citations[0]).toMatchObject({ state: 'resolved', time: '2022-01-24T09:41:27.123Z', checks: { date: 'differs', text: 'differs' } });
    expect(run.err).toContain(
      `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: warning: the status id says 2022-01-24T09:41:27.123Z, more than a day from the exported date 2022-01-21: check the citation\n`,
    );
    expect(run.err).toContain(
      `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: warning: the quote differs from the tweet's text as oEmbed gives it: "Something else entirely pic.twitter.com/i7asX0525C"\n`,
    );
  });

  it.each([
    ['oEmbed', '/oembed', 'oEmbed answered 200 with malformed JSON'],
    ['the CDX', '/cdx/search/cdx', 'the Wayback CDX answered 200 with malformed JSON'],
  ])('malformed JSON from %s: not recorded, reported', async (_, path, reason) => {
    const dir = scratch();
    const net = await fake({
      override: (url, res) => (url.pathname === path && url.search.includes(MUSTAFA.id) ? json(res, 200, '{"author_name": "Mus') : false),
    });
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(1);
    expect(recordOf(dir).citations.map((e: { handle: string }) => e.handle)).toEqual([HANZALA.handle, SEB.handle]);
    expect(run.err).toContain(`${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: ${reason}\n`);
    expect(run.out).toBe(
      `nashra cite: 3 citation(s): 2 resolved, 0 already recorded, 1 unresolvable\n  ${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: ${reason} (not recorded: the next run asks again)\n`,
    );
  });

  it.each([
    ['seconds', '7', [7000]],
    ['an HTTP-date', 'Wed, 01 Jul 2026 12:00:05 GMT', [5000]],
    ['too long a wait (capped at 60 s)', '3600', [60000]],
  ])('429 with Retry-After in %s: waits as asked, then resolves', async (_, retryAfter, delays) => {
    let asked = 0;
    const { dir, run } = await withTco((_, res) => (asked++ === 0 ? answer(res, 429, { 'retry-after': retryAfter }) : false));
    expect(run.code).toBe(0);
    expect(run.delays).toEqual(delays);
    expect(recordOf(dir).citations[0]).toMatchObject({ state: 'resolved', tco: { status: 301 } });
  });

  it('5xx: retries with exponential backoff, then gives up, unrecorded', async () => {
    const { dir, net, run } = await withTco((_, res) => answer(res, 503));
    expect(run.code).toBe(1);
    expect(run.delays).toEqual([10, 20]);
    expect(net.requests.filter((r) => r === '/i7asX0525C')).toHaveLength(3);
    expect(recordOf(dir).citations.map((e: { handle: string }) => e.handle)).toEqual([HANZALA.handle, SEB.handle]);
    expect(run.err).toContain(`${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: t.co: answered 503 (3 attempts)\n`);
  });

  it('a connection reset: retried, then reported, unrecorded', async () => {
    const { dir, net, run } = await withTco((_, __, req) => {
      req.socket.destroy();
      return true;
    });
    expect(run.code).toBe(1);
    expect(net.requests.filter((r) => r === '/i7asX0525C')).toHaveLength(3);
    expect(run.err).toContain(
      `${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: t.co: connection failed: other side closed (UND_ERR_SOCKET) (3 attempts)\n`,
    );
    expect(recordOf(dir).citations).toHaveLength(2);
  });

  it('a request that never answers: times out, retried, reported, unrecorded', async () => {
    const started = Date.now();
    const { dir, net, run } = await withTco(() => true, MUSTAFA.code, ['--retries', '1']);
    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(net.requests.filter((r) => r === '/i7asX0525C')).toHaveLength(2);
    expect(run.err).toContain(`${SHOWN}:10: @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C: t.co: no answer within 300 ms (2 attempts)\n`);
    expect(recordOf(dir).citations).toHaveLength(2);
  });

  it('a record edited by hand into invalid JSON: a clear error with its line; nothing asked or written', async () => {
    const dir = scratch();
    const net = await fake();
    await cite(dir, envFor(net));
    const broken = recordText(dir).replace('"state": "resolved",\n      "status_url"', '"state": "resolved"\n      "status_url"');
    writeFileSync(join(dir, 'content/citations.json'), broken);
    net.requests.length = 0;
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'content/citations.json:11: not valid JSON: unexpected """: expected "," or "}"\n' +
        'nashra cite: content/citations.json cannot be read; fix it or remove the entry (nothing was asked or written)\n',
    );
    expect(net.requests).toEqual([]);
    expect(recordText(dir)).toBe(broken);
  });
});

describe('interrupted, dry-run, --check, --prune', () => {
  it('resumes after an interruption without asking again for what was resolved', async () => {
    const dir = scratch();
    const controller = new AbortController();
    // The third tweet's t.co link never answers; the run is interrupted once two are recorded.
    const hanging = await fake({ override: (url) => url.pathname === `/${SEB.code}` });
    const first = await cite(dir, envFor(hanging), ['--timeout', '10000'], {
      signal: controller.signal,
      onErr: (text) => text.includes('2/3 looked up') && controller.abort(),
    });
    expect(first.code).toBe(130);
    expect(first.out).toBe('nashra cite: 3 citation(s): 2 resolved, 0 already recorded, 0 unresolvable, 1 interrupted (run again to go on)\n');
    expect(recordOf(dir).citations.map((e: { handle: string }) => e.handle)).toEqual([MUSTAFA.handle, HANZALA.handle]);

    const net = await fake();
    const second = await cite(dir, envFor(net));
    expect(second.code).toBe(0);
    expect(net.requests.filter((r) => !r.includes(SEB.id) && r !== `/${SEB.code}`)).toEqual([]);
    expect(net.requests).toHaveLength(4);
    expect(second.out).toBe('nashra cite: 3 citation(s): 1 resolved, 2 already recorded, 0 unresolvable\n');
    expect(recordOf(dir).citations).toEqual([
      resolvedEntry(MUSTAFA, 10, hanging.base, hanging.base),
      resolvedEntry(HANZALA, 15, hanging.base, hanging.base),
      resolvedEntry(SEB, 23, net.base, net.base),
    ]);
  });

  it('--dry-run prints what it would ask, asks nothing and writes nothing', async () => {
    const dir = scratch();
    const net = await fake();
    const run = await cite(dir, envFor(net), ['--dry-run']);
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      [
        ...BUNDLED_TWEETS.map(
          (t, i) =>
            `${SHOWN}:${LINES[i]}: @${t.handle} pic.twitter.com/${t.code}: GET ${net.base}/${t.code} (then oEmbed and the Wayback CDX for the status it names)`,
        ),
        'nashra cite: would look up 3 tweet(s) for 3 citation(s); 0 already recorded; nothing was asked or written (dry run)',
        '',
      ].join('\n'),
    );
    expect(net.requests).toEqual([]);
    expect(existsSync(join(dir, 'content/citations.json'))).toBe(false);
  });

  it('--check fails while a citation has no record, passes after a run, and never asks', async () => {
    const dir = scratch();
    const net = await fake();
    const before = await cite(dir, envFor(net), ['--check']);
    expect(before.code).toBe(1);
    expect(before.err).toBe(
      BUNDLED_TWEETS.map(
        (t, i) => `${SHOWN}:${LINES[i]}: @${t.handle} pic.twitter.com/${t.code}: no record in content/citations.json (run npm run cite)\n`,
      ).join(''),
    );
    expect(before.out).toBe('nashra cite: 3 citation(s), 3 without a record, 0 record(s) of citations that are gone\n');
    expect(net.requests).toEqual([]);
    expect(existsSync(join(dir, 'content/citations.json'))).toBe(false);
    await cite(dir, envFor(net));
    net.requests.length = 0;
    const after = await cite(dir, envFor(net), ['--check']);
    expect(after.code).toBe(0);
    expect(after.out).toBe('nashra cite: 3 citation(s), 0 without a record, 0 record(s) of citations that are gone\n');
    expect(net.requests).toEqual([]);
  });

  it('--prune drops records whose citation is gone; a real run updates the lines of quotes that moved', async () => {
    const dir = scratch();
    const net = await fake();
    await cite(dir, envFor(net));
    net.requests.length = 0;
    const file = join(dir, 'content', ARTICLE);
    // A new paragraph above everything, and the last tweet gone.
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(22, 2);
    lines.splice(7, 0, 'A new first paragraph.');
    writeFileSync(file, lines.join('\n'));

    const check = await cite(dir, envFor(net), ['--check']);
    expect(check.code).toBe(0);
    expect(check.err).toBe(
      'content/citations.json:77: warning: no citation of @sebusher pic.twitter.com/fua89uC5wV in hasakah-ghwayran-prison-attack.txt any more (npm run cite -- --prune drops it)\n',
    );

    const prune = await cite(dir, envFor(net), ['--prune']);
    expect(prune.code).toBe(0);
    expect(prune.err).toBe(
      'content/citations.json:77: dropped @sebusher pic.twitter.com/fua89uC5wV of hasakah-ghwayran-prison-attack.txt: its citation is gone\n',
    );
    expect(prune.out).toBe('nashra cite: pruned 1 record(s) of citations that are gone\n');
    expect(recordOf(dir).citations.map((e: { handle: string; line: number }) => [e.handle, e.line])).toEqual([
      [MUSTAFA.handle, 10],
      [HANZALA.handle, 15],
    ]);

    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(0);
    expect(run.out).toBe('nashra cite: 2 citation(s): 0 resolved, 2 already recorded, 0 unresolvable\n  updated the line of 2 record(s) whose quote moved\n');
    expect(recordOf(dir).citations.map((e: { handle: string; line: number }) => [e.handle, e.line])).toEqual([
      [MUSTAFA.handle, 11],
      [HANZALA.handle, 16],
    ]);
    expect(net.requests).toEqual([]);
  });

  it('records a quote with nothing to follow as no_link, without asking', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'content', ARTICLE), '---\ntitle: T\ndate: 2022-01-21\n---\nWords only, no picture\n— Jane Doe (@jane_doe) January 21, 2022\n');
    const net = await fake();
    const run = await cite(dir, envFor(net));
    expect(run.code).toBe(0);
    expect(net.requests).toEqual([]);
    const [entry] = recordOf(dir).citations;
    expect(entry).toMatchObject({ file: ARTICLE, line: 5, handle: 'jane_doe', state: 'no_link', tco: null, oembed: null, wayback: null });
    expect(entry.ref).toMatch(/^quote\/[0-9a-f]{8}$/);
    expect(run.out).toBe(
      `nashra cite: 1 citation(s): 0 resolved, 0 already recorded, 1 unresolvable\n  ${SHOWN}:5: @jane_doe ${entry.ref}: no_link: the quote has no status URL or pic.twitter.com link: nothing can be looked up\n`,
    );
  });
});

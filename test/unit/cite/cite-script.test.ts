import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileWithRecord } from '../../support/compile';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { renderAtom } from '../../../src/feeds/render-atom';
import { renderJsonFeed } from '../../../src/feeds/render-json-feed';
import { renderRss } from '../../../src/feeds/render-rss';
import { renderArticlePage } from '../../../src/pages/render-pages';
import { decode } from '../../support/decode';
import { BUNDLED_TWEETS, type FakeServer, startFake, type WorldOptions, world } from '../../support/fake-network';
import { makeContent, makeSite } from '../../support/make-article';

// The real commands, spawned: `npm run cite` against a fake network on 127.0.0.1, then the compiler
// on the same scratch copy of content/. Nothing here reaches the real t.co, oEmbed or Wayback Machine.

const fakes: FakeServer[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(o: WorldOptions = {}): Promise<FakeServer> {
  const server = await startFake(world(o));
  fakes.push(server);
  return server;
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-cite-'));
  cpSync('content', join(dir, 'content'), { recursive: true });
  return dir;
}

/** Runs a command without blocking this process, which serves the fake network meanwhile. */
function run(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

const envFor = (net: FakeServer) => ({ NASHRA_TCO_BASE: net.base, NASHRA_OEMBED_BASE: net.base, NASHRA_CDX_BASE: net.base });
const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const _sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const statusUrl = (t: (typeof BUNDLED_TWEETS)[number]) => `https://twitter.com/${t.handle}/status/${t.id}`;
const [MUSTAFA, HANZALA, SEB] = BUNDLED_TWEETS as [(typeof BUNDLED_TWEETS)[number], (typeof BUNDLED_TWEETS)[number], (typeof BUNDLED_TWEETS)[number]];
const CAPTURES: WorldOptions['captures'] = {
  [`twitter.com/${MUSTAFA.handle}/status/${MUSTAFA.id}`]: [['20220121101502', statusUrl(MUSTAFA)]],
  [`x.com/${SEB.handle}/status/${SEB.id}`]: [['20220121120001', `https://x.com/${SEB.handle}/status/${SEB.id}`]],
};
// The capture when one was found, else the archive's link to the tweet's year, as before.
const ARCHIVES = [
  `https://web.archive.org/web/20220121101502/${statusUrl(MUSTAFA)}`,
  `https://web.archive.org/web/2022/${statusUrl(HANZALA)}`,
  `https://web.archive.org/web/20220121120001/https://x.com/${SEB.handle}/status/${SEB.id}`,
];

/** The scratch content compiled in process, as `npm run compile` compiles it, and its feeds and page. */
function compiled(dir: string) {
  const at = (name: string) => ({ path: `content/${name}`, bytes: new Uint8Array(readFileSync(join(dir, 'content', name))) });
  const names = readdirSync(join(dir, 'content')).filter((n) => n !== 'citations.json');
  const record = existsSync(join(dir, 'content/citations.json')) ? at('citations.json') : null;
  const { articles, warnings } = compileWithRecord(names.map(at), record);
  const model = buildFeedModel(makeContent(articles), makeSite());
  return {
    warnings,
    rss: decode(renderRss(model)),
    atom: decode(renderAtom(model)),
    json: JSON.parse(decode(renderJsonFeed(model))),
    page: renderArticlePage(articles[0]!, makeSite()),
  };
}

// The JSON Feed extension is an array today; another branch makes it { about, items }.
const citationsOf = (item: { _citations: unknown }) =>
  (Array.isArray(item._citations) ? item._citations : (item._citations as { items: unknown[] }).items) as Record<string, unknown>[];

/** Each citation's footer in some HTML: its post link, exact time as shown, and archive link. */
function footers(html: string) {
  return [...html.matchAll(/<blockquote cite="([^"]*)"[^>]*id="cite-\d">[\s\S]*?<footer[^>]*>([\s\S]*?)<\/footer><\/blockquote>/g)].map((m) => ({
    cite: m[1],
    time: /<time datetime="([^"]*)">([^<]*)<\/time>/.exec(m[2]!)?.slice(1),
    links: [...m[2]!.matchAll(/ · <a href="([^"]*)">([^<]*)<\/a>/g)].map((l) => [l[1], l[2]]),
  }));
}

describe('npm run cite, spawned, then the compiler', () => {
  it('resolves the bundled article, and the compiled feeds link the three tweets at their exact times', async () => {
    const dir = scratch();
    const net = await fake({ captures: CAPTURES });
    const before = compiled(dir);
    const cite = await run('npm', ['run', '--silent', 'cite', '--', '--content', join(dir, 'content')], envFor(net)).done;
    expect(cite.stderr).not.toMatch(/warning|error/i);
    expect(cite.stdout).toBe('nashra cite: 3 citation(s): 3 resolved, 0 already recorded, 0 unresolvable\n');
    expect(cite.code).toBe(0);
    expect(net.requests.filter((r) => !r.startsWith('/oembed') && !r.startsWith('/cdx'))).toEqual(['/i7asX0525C', '/sRFnMHOkDB', '/fua89uC5wV']);
    const record = JSON.parse(readFileSync(join(dir, 'content/citations.json'), 'utf8'));
    expect(record.citations.map((e: Record<string, unknown>) => [e.line, e.state, e.status_url, e.time, e.archive_url])).toEqual([
      [10, 'resolved', statusUrl(MUSTAFA), MUSTAFA.time, ARCHIVES[0]],
      [15, 'resolved', statusUrl(HANZALA), HANZALA.time, null],
      [23, 'resolved', statusUrl(SEB), SEB.time, ARCHIVES[2]],
    ]);
    // The time of asking is the clock's when the command ran.
    for (const e of record.citations) expect(Date.parse(e.tco.asked_at)).toBeGreaterThan(Date.now() - 60_000);

    // The compile command reads the record (and takes it for no article) and writes feeds that link the tweets.
    const out = join(dir, 'out/content.ts');
    const compile = await run(tsx, ['scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', out]).done;
    expect(compile.stderr).toBe('');
    expect(compile.stdout).toMatch(/^nashra: compiled 1 article\(s\), version [0-9a-f]{16}, into /);
    expect(compile.code).toBe(0);
    const entries = readFileSync(join(dir, 'out/content.bin'), 'utf8');
    for (const t of BUNDLED_TWEETS) {
      expect(entries).toContain(`<link rel="related" href="${statusUrl(t)}"/>`);
      expect(entries).toContain(`"status_url": "${statusUrl(t)}"`);
      expect(entries).toContain(`"time": "${t.time}"`);
    }

    const after = compiled(dir);
    expect(after.warnings).toEqual([]);
    const expected = BUNDLED_TWEETS.map((t, i) => ({
      cite: statusUrl(t),
      time: [t.time, '21 يناير 2022'],
      links: [
        [statusUrl(t), 'عرض التغريدة'],
        [ARCHIVES[i], 'نسخة مؤرشفة'],
      ],
    }));
    expect(footers(after.page)).toEqual(expected);
    expect(footers(/<content:encoded><!\[CDATA\[([\s\S]*?)\]\]>/.exec(after.rss)![1]!)).toEqual(expected);
    expect([...after.atom.matchAll(/<link rel="related" href="([^"]*)"\/>/g)].map((m) => m[1])).toEqual(BUNDLED_TWEETS.map(statusUrl));
    const item = after.json.items[0];
    expect(footers(item.content_html)).toEqual(expected);
    expect(citationsOf(item).map((c) => [c.status_url, c.time, c.archive_url])).toEqual(BUNDLED_TWEETS.map((t, i) => [statusUrl(t), t.time, ARCHIVES[i]]));
    expect(item.content_text).toContain(`— 21 يناير 2022 — ${statusUrl(MUSTAFA)} — ${ARCHIVES[0]}`);

    // Without the record the same content compiles to what it gives today.
    expect(footers(before.page).map((f) => f.cite)).toEqual(BUNDLED_TWEETS.map((t) => `https://twitter.com/${t.handle}`));
    expect(footers(before.page).map((f) => f.time)).toEqual(BUNDLED_TWEETS.map(() => ['2022-01-21', '21 يناير 2022']));
  }, 60_000);

  it('fails the build with file and line, writing nothing, when the record was edited into invalid JSON', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'content/citations.json'), '{\n  "about": "x",\n  "format": 1,\n  "citations": [\n    {,}\n  ]\n}\n');
    const out = join(dir, 'out/content.ts');
    const compile = await run(tsx, ['scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', out]).done;
    expect(compile.code).toBe(1);
    expect(compile.stderr).toContain('content/citations.json:5: not valid JSON: unexpected ",": expected a key in double quotes\n');
    expect(compile.stderr).toContain('nashra: content has 1 error(s); nothing was written');
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('resumes after Ctrl-C: nothing already resolved is asked again', async () => {
    const dir = scratch();
    // The third tweet's t.co link never answers, so the first run is still going when interrupted.
    const hanging = await fake({ override: (url) => url.pathname === `/${SEB.code}` });
    const first = run(tsx, ['scripts/cite.ts', '--content', join(dir, 'content')], envFor(hanging));
    const record = join(dir, 'content/citations.json');
    const recorded = () => (existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')).citations.length : 0);
    for (const started = Date.now(); recorded() < 2 && Date.now() - started < 20_000; ) await new Promise((r) => setTimeout(r, 50));
    expect(recorded()).toBe(2);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toBe('nashra cite: 3 citation(s): 2 resolved, 0 already recorded, 0 unresolvable, 1 interrupted (run again to go on)\n');
    expect(readdirSync(join(dir, 'content')).sort()).toEqual(['citations.json', 'hasakah-ghwayran-prison-attack.txt']);

    const net = await fake();
    const second = await run(tsx, ['scripts/cite.ts', '--content', join(dir, 'content')], envFor(net)).done;
    expect(second.code).toBe(0);
    expect(net.requests.filter((r) => r.includes(MUSTAFA.code) || r.includes(MUSTAFA.id) || r.includes(HANZALA.code) || r.includes(HANZALA.id))).toEqual([]);
    expect(net.requests).toHaveLength(4);
    expect(JSON.parse(readFileSync(record, 'utf8')).citations.map((e: { state: string }) => e.state)).toEqual(['resolved', 'resolved', 'resolved']);
  }, 60_000);

  it('--check exits 1 while citations have no record, without the network', async () => {
    const dir = scratch();
    const check = await run(tsx, ['scripts/cite.ts', '--check', '--content', join(dir, 'content')], {
      NASHRA_TCO_BASE: 'http://127.0.0.1:9',
      NASHRA_OEMBED_BASE: 'http://127.0.0.1:9',
      NASHRA_CDX_BASE: 'http://127.0.0.1:9',
    }).done;
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('nashra cite: 3 citation(s), 3 without a record, 0 record(s) of citations that are gone\n');
  }, 30_000);
});

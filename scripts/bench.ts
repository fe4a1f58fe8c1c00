// npm run bench: measures nashra as production runs it and prints the tables recorded in README.
// 1. Throughput: the production bundle (wrangler deploy --dry-run) under plain `workerd serve`
//    on 127.0.0.1, driven by wrk, in alternating rounds with a baseline Worker that returns the
//    same bytes from a constant, in the same workerd. Plain GET and conditional GET (If-None-Match).
// 2. Cold render of the three feeds: inside workerd for 1, 50 and 1,000 synthetic articles; in
//    Node for 1, 50, 1,000 and 10,000, with entries written ahead and written when serving.
// 3. Compile time of 1,000 content files.
// Loopback only; every run is bounded (rounds x seconds). Needs wrk (apt-get install wrk).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { compileContent } from '../src/content/compile-content';
import { prerenderEntries } from '../src/feeds/prerender-entries';
import { syntheticContent, syntheticFile } from './bench/synthetic';

// The workerd that wrangler bundles (npm package `workerd`): its binary path and version.
const workerd = createRequire(import.meta.url)('workerd') as { default: string; version: string };

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = flag('--rounds', 3);
const SECONDS = flag('--seconds', 5);
const CONNECTIONS = flag('--connections', 32);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const OUT = resolve('bench/out');
const PORTS = { nashra: 18787, baseline: 18788 };
const FEEDS = ['/feed.xml', '/atom.xml', '/feed.json'];

const vars: Record<string, string> = {
  SITE_TITLE: 'نشرة',
  SITE_DESCRIPTION: 'أخبار وتقارير من نشرة',
  SITE_LANG: 'ar',
  SITE_AUTHOR: 'نشرة',
  SITE_URL: 'https://nashra.example.com/',
  FEED_ITEMS: '50',
  MAX_AGE: '900',
  EDGE_MAX_AGE: '3600',
};

function capnp(baselineModule: string): string {
  // The bundle's Data modules (the feed entries written ahead), named as index.js imports them.
  const data = readdirSync(join(OUT, 'worker'))
    .filter((f) => f.endsWith('.bin'))
    .map((f) => `, (name = "${f}", data = embed "worker/${f}")`)
    .join('');
  const bindings = Object.entries(vars)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(', ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "nashra", worker = .nashra), (name = "baseline", worker = .baseline) ],
  sockets = [
    (name = "nashra", address = "127.0.0.1:${PORTS.nashra}", http = (), service = "nashra"),
    (name = "baseline", address = "127.0.0.1:${PORTS.baseline}", http = (), service = "baseline"),
  ],
);
const nashra :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed "worker/index.js")${data} ],
  compatibilityDate = "2026-05-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [ ${bindings} ],
);
const baseline :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed "${baselineModule}") ],
  compatibilityDate = "2026-05-01",
);
`;
}

/**
 * The baseline: per path, the response nashra sends (the same body and the same headers, byte
 * for byte) from module-scope constants, whatever the request says. What is left between the
 * two is the Worker's own cost: routing, the memo, the conditional check.
 */
function baselineSource(bodies: Map<string, { bytes: Buffer; headers: [string, string][] }>): string {
  const entries = [...bodies].map(
    ([path, { bytes, headers }]) =>
      `[${JSON.stringify(path)}, { body: Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0)), headers: ${JSON.stringify(headers)} }]`,
  );
  return `const RESPONSES = new Map([${entries.join(',\n')}]);
export default {
  fetch(request) {
    const hit = RESPONSES.get(new URL(request.url).pathname);
    return hit ? new Response(hit.body, { headers: hit.headers }) : new Response('not found', { status: 404 });
  },
};
`;
}

/** Starts `workerd serve config` and waits until every URL of `ready` answers; returns a stop. */
async function startWorkerd(
  config: string,
  ready = [`http://127.0.0.1:${PORTS.nashra}/feed.xml`, `http://127.0.0.1:${PORTS.baseline}/`],
): Promise<() => Promise<void>> {
  const child = spawn(workerd.default, ['serve', config, '--experimental'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; i < 100; i++) {
    try {
      for (const url of ready) await (await fetch(url)).arrayBuffer();
      return () => {
        child.kill('SIGTERM');
        return exited;
      };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`workerd did not start:\n${stderr}`);
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

function wrk(url: string, headers: string[]): WrkResult {
  const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function throughput(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  console.log('building the production bundle: wrangler deploy --dry-run --outdir bench/out/worker');
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', join(OUT, 'worker')], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });

  // First serve nashra alone to learn the bytes the baseline must return.
  writeFileSync(join(OUT, 'baseline.js'), baselineSource(new Map()));
  writeFileSync(join(OUT, 'config.capnp'), capnp('baseline.js'));
  let stop = await startWorkerd(join(OUT, 'config.capnp'));
  const bodies = new Map<string, { bytes: Buffer; headers: [string, string][] }>();
  const etags = new Map<string, string>();
  for (const path of FEEDS) {
    const res = await fetch(`http://127.0.0.1:${PORTS.nashra}${path}`);
    const headers = [...res.headers].filter(([name]) => name !== 'content-length' && name !== 'date');
    bodies.set(path, { bytes: Buffer.from(await res.arrayBuffer()), headers });
    etags.set(path, res.headers.get('etag')!);
  }
  await stop();
  writeFileSync(join(OUT, 'baseline.js'), baselineSource(bodies));
  stop = await startWorkerd(join(OUT, 'config.capnp'));
  try {
    for (const path of FEEDS) {
      const same = Buffer.compare(Buffer.from(await (await fetch(`http://127.0.0.1:${PORTS.baseline}${path}`)).arrayBuffer()), bodies.get(path)!.bytes) === 0;
      if (!same) throw new Error(`baseline bytes differ for ${path}`);
    }
    console.log(
      `\nthroughput: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} alternating rounds each, median of rounds; workerd ${workerd.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()})`,
    );
    console.log('| feed | request | nashra req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | nashra / baseline |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const path of FEEDS) {
      for (const mode of ['GET', 'GET If-None-Match (304)'] as const) {
        const headers = mode === 'GET' ? [] : [`If-None-Match: ${etags.get(path)}`];
        const runs = { nashra: [] as WrkResult[], baseline: [] as WrkResult[] };
        for (let round = 0; round < ROUNDS; round++) {
          // Alternate which goes first, so drift in the machine's speed hits both alike.
          const order = round % 2 === 0 ? (['baseline', 'nashra'] as const) : (['nashra', 'baseline'] as const);
          for (const who of order) runs[who].push(wrk(`http://127.0.0.1:${PORTS[who]}${path}`, headers));
        }
        const n = { rps: median(runs.nashra.map((r) => r.rps)), p50: median(runs.nashra.map((r) => r.p50)), p99: median(runs.nashra.map((r) => r.p99)) };
        const b = { rps: median(runs.baseline.map((r) => r.rps)), p50: median(runs.baseline.map((r) => r.p50)), p99: median(runs.baseline.map((r) => r.p99)) };
        const errors = [...runs.nashra, ...runs.baseline].reduce((s, r) => s + r.non2xx, 0);
        console.log(
          `| ${path} | ${mode} | ${fmt(n.rps)} | ${fmt(n.p50, 2)} | ${fmt(n.p99, 2)} | ${fmt(b.rps)} | ${fmt(b.p50, 2)} | ${fmt(b.p99, 2)} | ${fmt(n.rps / b.rps, 2)}${errors ? ` (${errors} non-2xx/3xx!)` : ''} |`,
        );
      }
    }
  } finally {
    await stop();
  }
}

/** Wall time of one request, its body read; keep-alive, so the connection is already open. */
async function timed(url: string): Promise<number> {
  const start = performance.now();
  await (await fetch(url)).arrayBuffer();
  return performance.now() - start;
}

/**
 * The render inside workerd, the runtime production runs: a bench Worker (render-worker.ts) over
 * n synthetic articles, entries written ahead as `npm run compile` does. A Worker's own clocks
 * advance in whole milliseconds at best, so each render is timed from outside, as the request's
 * wall time less that of a request that renders nothing, in the same workerd. Cold: the first
 * render of a fresh workerd, WORKERD_STARTS times; warm: the median of 10 more in each.
 */
const WORKERD_STARTS = 9;

async function workerdRenders(): Promise<void> {
  const dir = join(OUT, 'render');
  mkdirSync(dir, { recursive: true });
  const port = 18789;
  console.log(
    `\ncold render of all three feeds to UTF-8 inside workerd ${workerd.version} (buildFeedModel + RSS + Atom + JSON Feed, every article listed), entries written ahead; request time less that of a request that renders nothing; medians over ${WORKERD_STARTS} fresh workerd processes`,
  );
  console.log('| articles | first render in a fresh workerd, ms | median of 10 more, ms | then SHA-256 of the three, ms |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const n of [1, 50, 1000]) {
    const { bytes, ...content } = syntheticContent(n);
    writeFileSync(join(dir, 'content.json'), JSON.stringify(content));
    writeFileSync(join(dir, 'content.bin'), bytes);
    await build({
      entryPoints: ['scripts/bench/render-worker.ts'],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2024',
      alias: { 'nashra-bench-content': join(dir, 'content.json') },
      external: ['./content.bin'],
      outfile: join(dir, 'worker.js'),
      logLevel: 'error',
    });
    writeFileSync(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "render", worker = .render) ],
  sockets = [ (name = "render", address = "127.0.0.1:${port}", http = (), service = "render") ],
);
const render :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js"), (name = "content.bin", data = embed "content.bin") ],
  compatibilityDate = "2026-05-01",
  compatibilityFlags = ["nodejs_compat"],
);
`,
    );
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const samples = { cold: [] as number[], warm: [] as number[], hash: [] as number[] };
    for (let i = 0; i < WORKERD_STARTS; i++) {
      const stop = await startWorkerd(join(dir, 'config.capnp'), [url('/noop')]);
      try {
        // The first requests of a process cost more than later ones whatever they do: the cold
        // render is compared with a request that renders nothing, made just before it.
        const early = await timed(url('/noop'));
        const first = await timed(url('/render'));
        const noop: number[] = [];
        const render: number[] = [];
        const represent: number[] = [];
        for (let k = 0; k < 10; k++) {
          noop.push(await timed(url('/noop')));
          render.push(await timed(url('/render')));
          represent.push(await timed(url('/represent')));
        }
        samples.cold.push(first - early);
        samples.warm.push(median(render) - median(noop));
        samples.hash.push(median(represent) - median(render));
      } finally {
        await stop();
      }
    }
    console.log(`| ${fmt(n)} | ${fmt(median(samples.cold), 2)} | ${fmt(median(samples.warm), 2)} | ${fmt(median(samples.hash), 2)} |`);
  }
}

/** Each row is the median of PROCESSES fresh processes: a cold render is a one-off, and noisy. */
const PROCESSES = 5;

async function renders(): Promise<void> {
  const child = join(OUT, 'render-child.mjs');
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: ['scripts/bench/render-child.ts'],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outfile: child,
    logLevel: 'error',
  });
  console.log(
    `\ncold render of all three feeds to UTF-8 (buildFeedModel + RSS + Atom + JSON Feed), every article listed (FEED_ITEMS = n), in Node ${process.version}; each figure the median of ${PROCESSES} fresh processes`,
  );
  console.log(
    '| articles | entries | first render, ms | median of 10 more, ms | per article, µs | bytes (RSS + Atom + JSON) | then SHA-256 of the three, ms |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const ahead of [true, false]) {
    for (const n of [1, 50, 1000, 10_000]) {
      const runs = Array.from({ length: n >= 10_000 ? 1 : PROCESSES }, () => {
        const run = spawnSync(process.execPath, [child, String(n), ahead ? 'ahead' : 'live'], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(run.stderr);
        return JSON.parse(run.stdout.trim().split('\n').pop()!) as { first: number; median: number; bytes: number; after: number };
      });
      const [first, warm, after] = [median(runs.map((r) => r.first)), median(runs.map((r) => r.median)), median(runs.map((r) => r.after))];
      const bodies = ahead ? 'written ahead (npm run compile)' : 'written when serving';
      console.log(`| ${fmt(n)} | ${bodies} | ${fmt(first, 2)} | ${fmt(warm, 2)} | ${fmt((warm * 1000) / n, 1)} | ${fmt(runs[0]!.bytes)} | ${fmt(after, 2)} |`);
    }
  }
}

function compile(): void {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-bench-'));
  mkdirSync(join(dir, 'content'));
  const files = Array.from({ length: 1000 }, (_, i) => syntheticFile(i));
  for (const f of files) writeFileSync(join(dir, 'content', f.name), f.text);
  const inputs = files.map((f) => ({ path: `content/${f.name}`, bytes: new TextEncoder().encode(f.text) }));
  const start = performance.now();
  const { content } = compileContent(inputs, (t) => createHash('sha256').update(t).digest('hex'));
  const inProcess = performance.now() - start;
  const aheadStart = performance.now();
  const ahead = prerenderEntries(content, { siteLang: 'ar', siteAuthor: 'نشرة', feedItems: 50 });
  const aheadMs = performance.now() - aheadStart;
  const cliStart = performance.now();
  const cli = spawnSync('npx', ['tsx', 'scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', join(dir, 'content.ts')], {
    encoding: 'utf8',
  });
  const cliMs = performance.now() - cliStart;
  if (cli.status !== 0) throw new Error(cli.stderr);
  const size = readFileSync(join(dir, 'content-model.bin')).byteLength;
  const bin = readFileSync(join(dir, 'content.bin')).byteLength;
  console.log('\ncompile of 1,000 content files (each the bundled article: 3 tweets, ~4 KB)');
  console.log('| what | ms |');
  console.log('| --- | ---: |');
  console.log(`| compileContent in process (parse, validate, detect tweets, hash) | ${fmt(inProcess)} |`);
  console.log(
    `| prerenderEntries in process (the newest 50 written ahead in three formats: ${fmt(ahead.bytes.byteLength / 1024 / 1024, 1)} MB) | ${fmt(aheadMs)} |`,
  );
  console.log(
    `| npm run compile end to end (tsx start-up, read, write a ${fmt(size / 1024 / 1024, 1)} MB model and ${fmt(bin / 1024 / 1024, 1)} MB of entries) | ${fmt(cliMs)} |`,
  );
  if (content.articles.length !== 1000) throw new Error('expected 1000 articles');
  rmSync(dir, { recursive: true, force: true });
}

if (!only || only === 'throughput') await throughput();
if (!only || only === 'render') {
  await workerdRenders();
  await renders();
}
if (!only || only === 'compile') compile();

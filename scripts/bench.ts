// npm run bench: measures nashra as production runs it and prints the tables recorded in README.
// 1. Throughput: the production bundle (wrangler deploy --dry-run) under plain `workerd serve`
//    on 127.0.0.1, driven by wrk, in alternating rounds with a baseline Worker that returns the
//    same bytes from a constant, in the same workerd. Plain GET and conditional GET (If-None-Match).
// 2. Cold render of the three feeds: inside workerd for 1, 50 and 1,000 synthetic articles; in
//    Node for 1, 50, 1,000 and 10,000, with entries written ahead and written when serving.
// 3. The archive at scale (scripts/bench/scale.ts): 1 to 100,000 generated articles compiled
//    (and built by Hugo, up to 10,000), bundled, and served with their store; `--sizes 1,1000`.
// Loopback only; every run is bounded (rounds x seconds). Needs wrk (apt-get install wrk), and
// hugo for the scale bench's comparison (apt-get install hugo).
// Options: --rounds N --seconds S --connections C --only throughput|render|scale --sizes a,b,c
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { scale } from './bench/scale';
import { syntheticContent } from './bench/synthetic';
import { compareWithBaseline, throughputColumns, throughputHeader } from './bench/throughput';
import { fmt, freePort, median, startWorkerd, workerd, workerSettings } from './bench/workerd';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = flag('--rounds', 3);
const SECONDS = flag('--seconds', 5);
const CONNECTIONS = flag('--connections', 32);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
if (only !== null && !['throughput', 'render', 'scale'].includes(only ?? '')) throw new Error(`--only takes throughput, render or scale, not ${only}`);
const OUT = resolve('bench/out');
const FEEDS = ['/feed.xml', '/atom.xml', '/feed.json'];

async function throughput(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  console.log('building the production bundle: wrangler deploy --dry-run --outdir bench/out/worker');
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', join(OUT, 'worker')], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const options = { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS };
  console.log(`\n${throughputHeader(options)}`);
  for (const line of throughputColumns) console.log(line);
  await compareWithBaseline({
    ...options,
    dir: OUT,
    workerDir: join(OUT, 'worker'),
    storeDir: resolve('generated/store'),
    settings: workerSettings('wrangler.toml'),
    paths: FEEDS,
  });
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
  const port = await freePort();
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
      const { stop } = await startWorkerd(join(dir, 'config.capnp'), [url('/noop')]);
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

if (!only || only === 'throughput') await throughput();
if (!only || only === 'render') {
  await workerdRenders();
  await renders();
}
if (!only || only === 'scale') {
  const at = args.indexOf('--sizes');
  const sizes = at >= 0 ? args[at + 1]!.split(',').map(Number) : [1, 1000, 10_000, 100_000];
  await scale({
    sizes,
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    keep: args.includes('--keep'),
    command: `npm run bench -- ${args.join(' ')}`.trim(),
  });
}

// Serving one size of the scale bench with plain workerd, and its memory measure: the capnp
// configs of the bundle (as it is, and behind a collection after every response), starting a
// process until /feed.xml answers, and workerd's RSS after every feed and PAGES article pages,
// with the isolate's own count (V8's, by the inspector) and the memory baseline beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { langKey, tagKey } from '../../src/urls';
import { type ScaleArticle, seeded } from './scale-content';
import {
  freePort,
  freshBytesCapnp,
  get,
  isolateMemory,
  keepAlive,
  listening,
  memoryOf,
  nashraCapnp,
  spawnWorkerd,
  type Workerd,
  type WorkerSettings,
} from './workerd';

/** Random article pages asked for after every feed, in the memory measure. */
export const PAGES = 1000;

/** Spawns workerd and polls /feed.xml (a new connection every 2 ms) until it answers 200. */
export async function startUntilFeed(config: string, port: number, inspector?: number): Promise<{ w: Workerd; ms: number }> {
  const started = performance.now();
  const w = spawnWorkerd(config, inspector);
  while (performance.now() - started < 60_000) {
    const answer = await get(`http://127.0.0.1:${port}/feed.xml`).catch(() => null);
    if (answer?.status === 200) return { w, ms: performance.now() - started };
    if (answer) {
      await w.stop();
      throw new Error(`/feed.xml answered ${answer.status}: ${answer.body.toString().slice(0, 200)}\n${w.stderr()}`);
    }
    if (w.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  await w.stop();
  throw new Error(`workerd did not serve /feed.xml:\n${w.stderr()}`);
}

/** A size's bundle and store served by plain workerd: its config, port, and the articles to ask for. */
export interface Served {
  n: number;
  config: string;
  /** The same, behind a module that runs a full garbage collection after every response (the memory floor). */
  floorConfig: string;
  /** FRESH_BYTES_WORKER alone, on `port`. */
  baselineConfig: string;
  port: number;
  articles: ScaleArticle[];
  /** Articles past the newest FEED_ITEMS, which no feed of the site lists (every page is read from the store). */
  old: ScaleArticle[];
  /** Seeded: which article pages are asked for. */
  pick: (from: readonly ScaleArticle[]) => ScaleArticle;
}

export async function served(dir: string, n: number, articles: ScaleArticle[], settings: WorkerSettings): Promise<Served> {
  const port = await freePort();
  const configDir = join(dir, 'serve');
  mkdirSync(configDir, { recursive: true });
  const config = join(configDir, 'config.capnp');
  writeFileSync(config, nashraCapnp({ configDir, workerDir: join(dir, 'dist'), settings, port, storeDir: join(dir, 'generated/store') }));
  const floorConfig = join(configDir, 'floor.capnp');
  writeFileSync(
    floorConfig,
    nashraCapnp({ configDir, workerDir: join(dir, 'dist'), settings, port, storeDir: join(dir, 'generated/store'), collectAfterEach: true }),
  );
  const baselineConfig = join(configDir, 'fresh-bytes.capnp');
  writeFileSync(baselineConfig, freshBytesCapnp(configDir, port, settings));
  const random = seeded(n);
  return {
    n,
    config,
    floorConfig,
    baselineConfig,
    port,
    articles,
    old: articles.slice(0, Math.max(0, n - Number(settings.vars.FEED_ITEMS ?? 50))),
    pick: (from) => from[Math.floor(random() * from.length)]!,
  };
}

/** One memory measure: the median run's figures, and every run's RSS after the requests. */
export interface Memory extends MemoryRun {
  runs: number[];
}
type MemoryRun = {
  afterStart: number;
  afterLoad: number;
  peak: number;
  requests: number;
  seconds: number;
  /** The answers' body sizes, in request order: what the baseline is asked for. */
  sizes: number[];
  /** After the requests, by V8's count (`isolateMemory`); measured in the floor's runs only. */
  isolate?: { heap: number; buffers: number };
};

// RSS after the requests varies by ±20 MB between runs of the same bundle (when V8 collects the
// garbage the requests leave is not the same from run to run): the median of a few fresh processes.
export const MEMORY_RUNS = 3;

export async function memory(s: Served, settings: WorkerSettings, floor = false): Promise<Memory> {
  return medianRun(await repeat(() => memoryRun(s, settings, floor)));
}

/** The memory baseline, asked for the sizes nashra answered in `like`, in the same order. */
export async function baselineMemory(s: Served, like: Memory): Promise<Memory> {
  return medianRun(await repeat(() => freshBytesRun(s, like.sizes)));
}

async function repeat(run: () => Promise<MemoryRun>): Promise<MemoryRun[]> {
  const runs: MemoryRun[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) runs.push(await run());
  return runs;
}

function medianRun(runs: MemoryRun[]): Memory {
  const middle = [...runs].sort((a, b) => a.afterLoad - b.afterLoad)[Math.floor(runs.length / 2)]!;
  return { ...middle, runs: runs.map((r) => r.afterLoad) };
}

async function freshBytesRun(s: Served, sizes: number[]): Promise<MemoryRun> {
  const w = spawnWorkerd(s.baselineConfig);
  try {
    await listening(s.port, w);
    const agent = keepAlive();
    const afterStart = memoryOf(w.pid).rss;
    const started = performance.now();
    for (const bytes of sizes) {
      const answer = await get(`http://127.0.0.1:${s.port}/?bytes=${bytes}`, agent);
      if (answer.status !== 200 || answer.body.length !== bytes)
        throw new Error(`the fresh-bytes baseline answered ${answer.status}, ${answer.body.length} bytes`);
    }
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const after = memoryOf(w.pid);
    return { afterStart, afterLoad: after.rss, peak: after.peak, requests: sizes.length, seconds, sizes };
  } finally {
    await w.stop();
  }
}

/**
 * RSS after a start, then after every feed (the site's, each tag's, each language's) and PAGES
 * random article pages; with `floor`, served behind a full garbage collection after every response.
 */
async function memoryRun(s: Served, settings: WorkerSettings, floor: boolean): Promise<MemoryRun> {
  const url = (path: string) => `http://127.0.0.1:${s.port}${path}`;
  // The inspector only where every response is followed by a collection: there V8's count is what
  // the isolate keeps. It stays out of the default runs, whose RSS is the target's measure.
  const inspector = floor ? await freePort() : undefined;
  const { w } = await startUntilFeed(floor ? s.floorConfig : s.config, s.port, inspector);
  try {
    const afterStart = memoryOf(w.pid).rss;
    const agent = keepAlive();
    const formats = ['feed.xml', 'atom.xml', 'feed.json'];
    const tags = [...new Set(s.articles.flatMap((a) => a.tags))].sort();
    const paths = [
      ...formats.map((f) => `/${f}`),
      ...tags.flatMap((t) => formats.map((f) => `/tags/${encodeURIComponent(tagKey(t))}/${f}`)),
      ...formats.map((f) => `/lang/${encodeURIComponent(langKey(settings.vars.SITE_LANG ?? 'ar'))}/${f}`),
      ...Array.from({ length: PAGES }, () => `/articles/${s.pick(s.articles).slug}`),
    ];
    if (s.old.length > 0) {
      // The store must answer: an article no bundle holds.
      const check = await get(url(`/articles/${s.old[0]!.slug}`), agent);
      if (check.status !== 200) throw new Error(`an old article (${s.old[0]!.slug}) answered ${check.status}; is the store bound?\n${w.stderr()}`);
    }
    const started = performance.now();
    const sizes: number[] = [];
    for (const path of paths) {
      const answer = await get(url(path), agent);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}\n${w.stderr()}`);
      sizes.push(answer.body.length);
    }
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const after = memoryOf(w.pid);
    const isolate = inspector ? await isolateMemory(inspector) : undefined;
    return { afterStart, afterLoad: after.rss, peak: after.peak, requests: paths.length, seconds, sizes, isolate };
  } finally {
    await w.stop();
  }
}

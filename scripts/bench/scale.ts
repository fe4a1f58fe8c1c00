// The archive at scale (issue 10; `npm run bench -- --only scale [--sizes 1,1000]`): for each
// size, n generated Markdown articles (scale-content.ts) in a copy of the project in the temp
// directory, then
//   compile   `npm run compile` in the copy, clean (no compile cache, no output) and after
//             changing one article, timed end to end as a user runs it; Hugo's build of the same
//             files (hugo-site.ts) in the same run, interleaved, up to 10,000 articles
//   bundle    `npx wrangler deploy --dry-run`: index.js and the manifest, raw and gzip -9
//   store     generated/store: files and bytes, against Workers Static Assets' limits
//   serve     plain `workerd serve` of the bundle with the store as its ASSETS binding (a disk
//             service): RSS after a start and after every feed plus 1,000 article pages, with the
//             isolate's own count and a memory baseline beside it (scale-serve.ts), and at the
//             smallest and largest size the throughput against the constant-bytes baseline;
// then, every size interleaved, start-up and the first and median latency of a feed and of an old
// article page. Nothing is written into the repository: the copies live in <tmpdir>/nashra-scale/
// (removed at the end unless --keep); the figures also go to bench/out/scale.json.
import { execFileSync, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { writeHugoSite } from './hugo-site';
import { baselineMemory, MEMORY_RUNS, type Memory, memory, PAGES, type Served, served, startUntilFeed } from './scale-serve';
import { editedText, type ScaleArticle, scaleArticles, seeded } from './scale-content';
import { compareWithBaseline, type ThroughputRow, throughputHeader, throughputLine } from './throughput';
import { fmt, get, keepAlive, listening, median, spawnWorkerd, workerd, workerSettings } from './workerd';

export interface ScaleOptions {
  sizes: number[];
  /** Clean compiles (and Hugo builds) per size up to HUGO_UP_TO; one above. Throughput rounds. */
  rounds: number;
  seconds: number;
  connections: number;
  /** Keep each size's copy in the temp directory (otherwise removed once measured). */
  keep: boolean;
  /** The command line, printed with the tables. */
  command: string;
}

/** Hugo builds the same files up to this size (the issue's comparison). */
const HUGO_UP_TO = 10_000;
/** Fresh workerd processes per start-up and latency figure. */
const STARTS = 9;
/** Sequential requests per latency figure. */
const REQUESTS = 20;

interface Timed {
  ms: number;
  /** What the compiler says it took, in process (`in N ms`). */
  inProcess: number;
  /** Its phases (`--timings`), in ms. */
  phases: Record<string, number>;
}

interface SizeResult {
  n: number;
  /** Share of the wall time that some task waited for a CPU (/proc/pressure/cpu), during the clean compiles and Hugo builds. */
  pressure: number;
  contentBytes: number;
  clean: Timed[];
  hugo: number[];
  unchanged: Timed[];
  edits: (Timed & { which: string })[];
  bundle: { indexRaw: number; indexGz: number; binRaw: number; binGz: number; wrangler: string; ms: number };
  store: { files: number; bytes: number; largest: number; packs: Record<string, number> };
  startUp: number[];
  memory: Memory;
  /** The same requests with a full garbage collection after every response: what stays when nothing waits to be collected. */
  floor: Memory;
  /** The memory baseline: a Worker answering the same sizes from fresh memory (FRESH_BYTES_WORKER). */
  baseline: Memory;
  latency: {
    /** Spawn to listening, in the processes asked for /feed.xml. */
    listening: number[];
    feedFirst: number[];
    feedMedian: number[];
    pageFirst: number[];
    pageMedian: number[];
    othersMedian: number[];
    /** No article is past the newest FEED_ITEMS: the pages asked for are the newest (read from the store all the same). */
    onlyNewest: boolean;
  };
  throughput: ThroughputRow[] | null;
}

const MB = 1024 * 1024;
const mb = (bytes: number, digits = 1) => fmt(bytes / MB, digits);
const sec = (ms: number) => fmt(ms / 1000, 2);
const log = (line: string) => console.error(`scale: ${line}`);

/** The environment of a command run in a copy: npm's variables of the outer `npm run bench` left out. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env = childEnv()): { ms: number; out: SpawnSyncReturns<string> } {
  const started = performance.now();
  const out = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * MB });
  const ms = performance.now() - started;
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${out.stdout}\n${out.stderr}`);
  return { ms, out };
}

/** The command each compile runs, in the copy: `npm run compile`, asking the compiler for its phases. */
const COMPILE = ['npm', 'run', 'compile', '--', '--timings'] as const;

/** `npm run compile` in the copy, end to end; the compiler's own figures from its last lines. */
function compile(dir: string): Timed {
  const { ms, out } = run(COMPILE[0], COMPILE.slice(1), dir);
  const inProcess = Number(/ in (\d+) ms/.exec(out.stdout)?.[1]);
  const phases: Record<string, number> = {};
  for (const [, phase, spent] of (/nashra: timings: (.*)/.exec(out.stderr)?.[1] ?? '').matchAll(/(\w+) (\d+) ms/g)) phases[phase!] = Number(spent);
  return { ms, inProcess, phases };
}

/**
 * A copy of the project for n articles: src/ (without what the compiler generates), scripts/,
 * package.json, wrangler.toml, tsconfig.json, and content/ with the generated articles.
 * node_modules is a directory of links to the repository's packages rather than one link to the
 * repository's node_modules, so that the copy's node_modules/.cache (the compile cache, the
 * parse worker the compiler bundles, wrangler's) is its own, and `npm run compile` runs as is.
 */
function prepareCopy(dir: string, articles: ScaleArticle[]): number {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync('src', join(dir, 'src'), { recursive: true });
  cpSync('scripts', join(dir, 'scripts'), { recursive: true });
  for (const file of ['package.json', 'wrangler.toml', 'tsconfig.json']) cpSync(file, join(dir, file));
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync('node_modules')) if (entry !== '.cache') symlinkSync(resolve('node_modules', entry), join(dir, 'node_modules', entry));
  mkdirSync(join(dir, 'content'));
  let bytes = 0;
  for (const a of articles) {
    writeFileSync(join(dir, 'content', a.name), a.text);
    bytes += Buffer.byteLength(a.text);
  }
  return bytes;
}

function gzipSize(file: string): number {
  return execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1024 * MB }).byteLength;
}

function storeFigures(storeDir: string): SizeResult['store'] {
  let files = 0;
  let bytes = 0;
  let largest = 0;
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const size = statSync(path).size;
        files++;
        bytes += size;
        largest = Math.max(largest, size);
      }
    }
  };
  walk(storeDir);
  const packs: Record<string, number> = {};
  for (const family of readdirSync(storeDir)) {
    for (const layout of readdirSync(join(storeDir, family))) packs[family] = (packs[family] ?? 0) + readdirSync(join(storeDir, family, layout)).length;
  }
  return { files, bytes, largest, packs };
}

/**
 * Start-up and first-request latency of every size, interleaved (each round, each size once, the
 * order turning), so that the machine's noise hits all sizes alike. Per round and size: spawn to
 * the first 200 of /feed.xml; then a fresh process asked for /feed.xml REQUESTS times; then a fresh
 * process asked for an old article page REQUESTS times, and REQUESTS other old pages. A process is
 * ready when it listens, so that the first request is the first it serves.
 */
async function startsAndLatency(all: Served[]): Promise<Map<number, Pick<SizeResult, 'startUp' | 'latency'>>> {
  const out = new Map(
    all.map((s) => [
      s.n,
      {
        startUp: [] as number[],
        latency: {
          listening: [],
          feedFirst: [],
          feedMedian: [],
          pageFirst: [],
          pageMedian: [],
          othersMedian: [],
          onlyNewest: s.old.length === 0,
        } as SizeResult['latency'],
      },
    ]),
  );
  for (let round = 0; round < STARTS; round++) {
    for (let k = 0; k < all.length; k++) {
      const s = all[(k + round) % all.length]!;
      const mine = out.get(s.n)!;
      const { w, ms } = await startUntilFeed(s.config, s.port);
      mine.startUp.push(ms);
      await w.stop();
      const oldOne = () => s.pick(s.old.length > 0 ? s.old : s.articles);
      for (const what of ['feed', 'page'] as const) {
        const spawned = performance.now();
        const fresh = spawnWorkerd(s.config);
        try {
          await listening(s.port, fresh);
          if (what === 'feed') mine.latency.listening.push(performance.now() - spawned);
          const agent = keepAlive();
          const path = what === 'feed' ? '/feed.xml' : `/articles/${oldOne().slug}`;
          const times: number[] = [];
          for (let r = 0; r < REQUESTS; r++) {
            const answer = await get(`http://127.0.0.1:${s.port}${path}`, agent);
            if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}\n${fresh.stderr()}`);
            times.push(answer.ms);
          }
          mine.latency[`${what}First`].push(times[0]!);
          mine.latency[`${what}Median`].push(median(times));
          if (what === 'page') {
            const others: number[] = [];
            for (let r = 0; r < REQUESTS; r++) others.push((await get(`http://127.0.0.1:${s.port}/articles/${oldOne().slug}`, agent)).ms);
            mine.latency.othersMedian.push(median(others));
          }
          agent.destroy();
        } finally {
          await fresh.stop();
        }
      }
    }
    log(`start-up and latency: round ${round + 1} of ${STARTS}`);
  }
  return out;
}

type Measured = Omit<SizeResult, 'startUp' | 'latency'>;

async function measure(n: number, o: ScaleOptions, throughput: boolean): Promise<{ result: Measured; serving: Served }> {
  const dir = join(tmpdir(), 'nashra-scale', String(n));
  log(`n=${fmt(n)}: generating ${fmt(n)} articles into ${dir}/content`);
  const articles = scaleArticles(n);
  const contentBytes = prepareCopy(dir, articles);
  const hugoDir = join(dir, 'hugo');
  const withHugo = n <= HUGO_UP_TO;
  if (withHugo) writeHugoSite(hugoDir, join(dir, 'content'));

  // Clean compiles and Hugo builds, interleaved (each round the other goes first), so that the
  // machine's noise hits both. Clean: no compile cache and no output, as after a fresh clone.
  const clean: Timed[] = [];
  const hugo: number[] = [];
  const rounds = n > HUGO_UP_TO ? 1 : o.rounds;
  const before = cpuPressure();
  for (let round = 0; round < rounds; round++) {
    const nashra = () => {
      rmSync(join(dir, 'node_modules/.cache'), { recursive: true, force: true });
      rmSync(join(dir, 'generated'), { recursive: true, force: true });
      clean.push(compile(dir));
      log(`n=${fmt(n)}: clean npm run compile ${sec(clean.at(-1)!.ms)} s (in process ${sec(clean.at(-1)!.inProcess)} s)`);
    };
    const hugoBuild = () => {
      if (!withHugo) return;
      for (const leftover of ['public', 'resources', '.hugo_build.lock']) rmSync(join(hugoDir, leftover), { recursive: true, force: true });
      hugo.push(run('hugo', ['--quiet'], hugoDir).ms);
      log(`n=${fmt(n)}: hugo --quiet ${sec(hugo.at(-1)!)} s`);
    };
    for (const step of round % 2 === 0 ? [nashra, hugoBuild] : [hugoBuild, nashra]) step();
  }
  const pressure = cpuPressure(before);

  // Incremental: nothing changed, then one article changed (the newest, one at random, the oldest).
  const unchanged = [compile(dir), compile(dir), compile(dir)];
  const random = seeded(n + 1);
  const changed = [
    { which: 'newest', a: articles[n - 1]! },
    { which: 'random', a: articles[Math.floor(random() * n)]! },
    { which: 'oldest', a: articles[0]! },
  ];
  const edits: SizeResult['edits'] = [];
  changed.forEach(({ which, a }, k) => {
    writeFileSync(join(dir, 'content', a.name), editedText(a, k + 1));
    edits.push({ which, ...compile(dir) });
    log(`n=${fmt(n)}: ${which} article changed: npm run compile ${fmt(edits.at(-1)!.ms)} ms (in process ${fmt(edits.at(-1)!.inProcess)} ms)`);
  });
  for (const { a } of changed) writeFileSync(join(dir, 'content', a.name), a.text);
  compile(dir);

  // The bundle as `wrangler deploy` would upload it (its [build] compiles first: nothing changed).
  const dist = join(dir, 'dist');
  const dry = run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dist], dir, childEnv({ WRANGLER_SEND_METRICS: 'false' }));
  const bin = readdirSync(dist).find((f) => f.endsWith('content.bin'))!;
  const bundle = {
    indexRaw: statSync(join(dist, 'index.js')).size,
    indexGz: gzipSize(join(dist, 'index.js')),
    binRaw: statSync(join(dist, bin)).size,
    binGz: gzipSize(join(dist, bin)),
    wrangler: /Total Upload: ([^\n]+)/.exec(dry.out.stdout)?.[1]?.trim() ?? '?',
    ms: dry.ms,
  };
  const store = storeFigures(join(dir, 'generated/store'));
  log(`n=${fmt(n)}: bundle ${mb(bundle.indexGz + bundle.binGz, 2)} MB gzip -9; store ${fmt(store.files)} files, ${mb(store.bytes)} MB`);

  const settings = workerSettings(join(dir, 'wrangler.toml'));
  const serving = await served(dir, n, articles, settings);
  log(`n=${fmt(n)}: RSS after a start, and after every feed and ${fmt(PAGES)} article pages`);
  const rss = await memory(serving, settings);
  log(`n=${fmt(n)}: RSS ${mb(rss.afterStart)} MB after start, ${mb(rss.afterLoad)} MB after ${fmt(rss.requests)} requests`);
  const floor = await memory(serving, settings, true);
  const isolate = floor.isolate!;
  log(
    `n=${fmt(n)}: with a full GC after each response: ${mb(floor.afterStart)} MB after start, ${mb(floor.afterLoad)} MB after the requests; the isolate: heap ${mb(isolate.heap)} MB, array buffers ${mb(isolate.buffers)} MB`,
  );
  const baseline = await baselineMemory(serving, rss);
  log(
    `n=${fmt(n)}: the fresh-bytes baseline, the same ${fmt(baseline.requests)} answers' sizes: ${mb(baseline.afterStart)} MB after start, ${mb(baseline.afterLoad)} MB after`,
  );
  let rows: ThroughputRow[] | null = null;
  if (throughput) {
    log(`n=${fmt(n)}: throughput of /feed.xml against the baseline`);
    rows = await compareWithBaseline(
      {
        dir: join(dir, 'serve'),
        workerDir: dist,
        storeDir: join(dir, 'generated/store'),
        settings,
        paths: ['/feed.xml'],
        rounds: o.rounds,
        seconds: o.seconds,
        connections: o.connections,
      },
      () => {},
    );
  }
  return { result: { n, pressure, contentBytes, clean, hugo, unchanged, edits, bundle, store, throughput: rows, memory: rss, floor, baseline }, serving };
}

/** CPU pressure (/proc/pressure/cpu, "some"): a reading, or, given an earlier one, the share of time since then. */
function cpuPressure(): { at: number; stalled: number };
function cpuPressure(since: { at: number; stalled: number }): number;
function cpuPressure(since?: { at: number; stalled: number }): { at: number; stalled: number } | number {
  let stalled = Number.NaN;
  try {
    stalled = Number(/^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]);
  } catch {
    // No pressure stall information on this kernel.
  }
  const now = { at: performance.now(), stalled };
  return since ? (now.stalled - since.stalled) / 1000 / (now.at - since.at) : now;
}

export async function scale(o: ScaleOptions): Promise<void> {
  const sizes = [...o.sizes].sort((a, b) => a - b);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers from 1, got ${o.sizes.join(',')}`);
  for (const tool of ['hugo', 'wrk', 'gzip']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) throw new Error(`the scale bench needs ${tool} (apt-get install ${tool})`);
  }
  const load = loadavg();
  const before = cpuPressure();
  const measured: Measured[] = [];
  const serving: Served[] = [];
  try {
    for (const n of sizes) {
      const { result, serving: s } = await measure(n, o, n === sizes[0] || n === sizes.at(-1));
      measured.push(result);
      serving.push(s);
    }
    const starts = await startsAndLatency(serving);
    const results: SizeResult[] = measured.map((m) => ({ ...m, ...starts.get(m.n)! }));
    const hugoVersion = /hugo (v[\d.]+)/.exec(execFileSync('hugo', ['version'], { encoding: 'utf8' }))?.[1] ?? '?';
    printTables(results, o, { hugoVersion, loadBefore: load, loadAfter: loadavg(), pressure: cpuPressure(before) });
    mkdirSync('bench/out', { recursive: true });
    writeFileSync(join('bench/out', 'scale.json'), JSON.stringify(results, null, 2));
  } finally {
    if (!o.keep) rmSync(join(tmpdir(), 'nashra-scale'), { recursive: true, force: true });
  }
}

function printTables(results: SizeResult[], o: ScaleOptions, env: { hugoVersion: string; loadBefore: number[]; loadAfter: number[]; pressure: number }): void {
  const print = (line = '') => console.log(line);
  const cpu = cpus();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  print(`\n## The archive at scale\n`);
  print(
    `\`${o.command}\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} cores (${cpu[0]?.model.trim()}), ${Math.round(totalmem() / 1024 ** 3)} GiB,`,
  );
  print(
    `Node ${process.version}, workerd ${workerd.version}, Hugo ${env.hugoVersion}; load average ${load(env.loadBefore)} before, ${load(env.loadAfter)} after; some task waited for a CPU ${fmt(100 * env.pressure, 0)}% of the run (/proc/pressure/cpu; the machine is shared).`,
  );
  const row = (cells: (string | number)[]) => print(`| ${cells.join(' | ')} |`);
  const rule = (aligns: string) =>
    print(
      `| ${aligns
        .split('')
        .map((a) => (a === 'r' ? '---:' : '---'))
        .join(' | ')} |`,
    );

  print(
    `\ncompile, clean: \`${COMPILE.join(' ')}\` in the copy with no node_modules/.cache and no generated/, end to end (npm, node, the compiler on ${cpu.length} threads); Hugo: \`hugo --quiet\` over the same files, no public/ or resources/; interleaved (each round the other first), median of ${o.rounds} rounds (1 above ${fmt(HUGO_UP_TO)}); CPU pressure: share of those minutes some task waited for a CPU`,
  );
  row(['articles', 'content MB', 'nashra clean, s', 'in process, s', 'Hugo, s', 'nashra / Hugo', 'CPU pressure']);
  rule('rrrrrrr');
  for (const r of results) {
    const nashra = median(r.clean.map((t) => t.ms));
    const h = r.hugo.length ? median(r.hugo) : null;
    row([
      fmt(r.n),
      mb(r.contentBytes),
      sec(nashra),
      sec(median(r.clean.map((t) => t.inProcess))),
      h === null ? '—' : sec(h),
      h === null ? '—' : fmt(nashra / h, 2),
      `${fmt(100 * r.pressure, 0)}%`,
    ]);
  }

  const phases = ['read', 'parse', 'plan', 'entries', 'packs', 'bundle'];
  print(
    `\nclean compile, in process, by phase (\`--timings\`; median run), ms: read = hash the code and the content files; parse = compile them (Markdown, sanitizing, tweets) into the cache; entries = write each listed article's feed entries ahead; packs = write the store; bundle = the manifest, the cache's index`,
  );
  row(['articles', ...phases]);
  rule('r'.repeat(phases.length + 1));
  for (const r of results) {
    const mid = [...r.clean].sort((a, b) => a.ms - b.ms)[Math.floor(r.clean.length / 2)]!;
    row([fmt(r.n), ...phases.map((p) => fmt(mid.phases[p] ?? Number.NaN))]);
  }

  print(
    `\ncompile, incremental: \`${COMPILE.join(' ')}\` end to end after a clean compile; nothing changed (median of 3), then one article's body changed (a paragraph added): the newest, one at random, the oldest`,
  );
  row([
    'articles',
    'nothing changed, ms',
    'in process',
    'newest changed, ms',
    'in process',
    'random changed, ms',
    'in process',
    'oldest changed, ms',
    'in process',
    'median of the 3 changes, ms',
  ]);
  rule('rrrrrrrrrr');
  for (const r of results) {
    const u = { ms: median(r.unchanged.map((t) => t.ms)), inProcess: median(r.unchanged.map((t) => t.inProcess)) };
    row([fmt(r.n), fmt(u.ms), fmt(u.inProcess), ...r.edits.flatMap((e) => [fmt(e.ms), fmt(e.inProcess)]), fmt(median(r.edits.map((e) => e.ms)))]);
  }

  print(`\nbundle: \`npx wrangler deploy --dry-run --outdir dist\` (index.js, and the manifest content.bin as a Data module); bytes raw and \`gzip -9\``);
  row(['articles', 'index.js', 'gzip -9', 'content.bin', 'gzip -9', 'total gzip -9', 'wrangler says', 'dry run, s']);
  rule('rrrrrrrr');
  for (const r of results) {
    const b = r.bundle;
    row([fmt(r.n), fmt(b.indexRaw), fmt(b.indexGz), fmt(b.binRaw), fmt(b.binGz), fmt(b.indexGz + b.binGz), b.wrangler, sec(b.ms)]);
  }

  print(`\nstore: generated/store (Workers Static Assets: 20,000 files a version on the free plan, 100,000 paid; 25 MiB a file)`);
  row(['articles', 'files', 'article / list / feed packs', 'MB', 'largest file, MB', 'within the free plan']);
  rule('rrrrrr');
  for (const r of results) {
    const s = r.store;
    const ok = s.files <= 20_000 && s.largest <= 25 * MB;
    row([
      fmt(r.n),
      fmt(s.files),
      `${fmt(s.packs.articles ?? 0)} / ${fmt(s.packs.lists ?? 0)} / ${fmt(s.packs.feeds ?? 0)}`,
      mb(s.bytes),
      mb(s.largest, 2),
      ok ? 'yes' : 'no',
    ]);
  }

  print(
    `\nserving: plain \`workerd serve\` of the bundle, the store as its ASSETS binding (a disk service). Start-up: spawn to the first 200 of /feed.xml, ${STARTS} starts per size, the sizes interleaved`,
  );
  row(['articles', 'start-up, median ms', 'fastest', 'slowest', 'of which spawn to listening, median ms', 'and the first /feed.xml, median ms']);
  rule('rrrrrr');
  for (const r of results) {
    row([
      fmt(r.n),
      fmt(median(r.startUp), 0),
      fmt(Math.min(...r.startUp), 0),
      fmt(Math.max(...r.startUp), 0),
      fmt(median(r.latency.listening), 0),
      fmt(median(r.latency.feedFirst), 1),
    ]);
  }

  print(
    `\nmemory: VmRSS of the workerd process after a start, then after every feed (the site's, each tag's, each language's: three formats each) and ${fmt(PAGES)} random article pages (seeded), requested one after another; peak is VmHWM; the median of ${MEMORY_RUNS} fresh processes (the run with the median RSS after the requests), the lowest and highest beside it`,
  );
  print(
    'floor: the same bundle behind a module that reads each response and runs a full garbage collection (v8Flags --expose-gc, gc()) before answering; what is left is what the process keeps, not garbage waiting to be collected',
  );
  row([
    'articles',
    'RSS after start, MB',
    'RSS after the requests, MB',
    'lowest – highest',
    'peak RSS, MB',
    'requests',
    'in, s',
    'floor: after start, MB',
    'floor: after the requests, MB',
    'lowest – highest',
  ]);
  rule('rrrrrrrrrr');
  const spread = (runs: number[]) => `${mb(Math.min(...runs))} – ${mb(Math.max(...runs))}`;
  for (const r of results) {
    const m = r.memory;
    row([
      fmt(r.n),
      mb(m.afterStart),
      mb(m.afterLoad),
      spread(m.runs),
      mb(m.peak),
      fmt(m.requests),
      fmt(m.seconds, 1),
      mb(r.floor.afterStart),
      mb(r.floor.afterLoad),
      spread(r.floor.runs),
    ]);
  }

  print(
    "\nthe isolate (floor runs): what V8 counts for the Worker's isolate after the requests and a full collection, by the inspector's Runtime.getHeapUsage: the JavaScript heap in use and the array buffers (what Cloudflare weighs against an isolate's 128 MB); beside it, the same process's RSS",
  );
  print(
    `memory baseline: a Worker that answers each request with a fresh buffer of the size nashra answered (the same sizes in the same order, ${MEMORY_RUNS} fresh processes, median): what workerd grows by for making those answers in an isolate's memory at all`,
  );
  row([
    'articles',
    'isolate heap, MB',
    'isolate array buffers, MB',
    'floor RSS, MB',
    'answers, MB',
    'baseline RSS after start, MB',
    'after the answers, MB',
    'lowest – highest',
    'nashra RSS after the requests, MB',
  ]);
  rule('rrrrrrrrr');
  for (const r of results) {
    const i = r.floor.isolate!;
    row([
      fmt(r.n),
      mb(i.heap),
      mb(i.buffers),
      mb(r.floor.afterLoad),
      mb(r.baseline.sizes.reduce((a, b) => a + b, 0)),
      mb(r.baseline.afterStart),
      mb(r.baseline.afterLoad),
      spread(r.baseline.runs),
      mb(r.memory.afterLoad),
    ]);
  }

  print(
    `\nlatency right after a fresh start (workerd listening, nothing requested yet): the first request and the median of ${REQUESTS} one after another on one connection; then ${REQUESTS} other old pages (each read from the store and rendered); medians over ${STARTS} starts per size, interleaved with the start-ups`,
  );
  row(['articles', '/feed.xml first, ms', 'median, ms', 'old article first, ms', 'median, ms', `${REQUESTS} other old articles, median ms`]);
  rule('rrrrrr');
  for (const r of results) {
    const l = r.latency;
    const note = l.onlyNewest ? ' (the newest: none is older)' : '';
    row([
      fmt(r.n),
      fmt(median(l.feedFirst), 2),
      fmt(median(l.feedMedian), 2),
      `${fmt(median(l.pageFirst), 2)}${note}`,
      fmt(median(l.pageMedian), 2),
      `${fmt(median(l.othersMedian), 2)}${note}`,
    ]);
  }

  const measured = results.filter((r) => r.throughput);
  if (measured.length > 0) {
    print(`\n${throughputHeader(o)}`);
    row(['articles', 'feed', 'request', 'nashra req/s', 'p50 ms', 'p99 ms', 'baseline req/s', 'p50 ms', 'p99 ms', 'nashra / baseline']);
    rule('rlrrrrrrrr');
    for (const r of measured) for (const t of r.throughput!) print(throughputLine(t, `${fmt(r.n)} | ${t.path}`));
  }

  // The issue's targets, from the smallest to the largest size measured.
  const [first, last] = [results[0]!, results.at(-1)!];
  print('\ntargets:');
  if (first !== last) {
    const gz = (r: SizeResult) => r.bundle.indexGz + r.bundle.binGz;
    const grow = (a: number, b: number) => `${mb(b - a, 2)} MB`;
    print(`- bundle, gzip -9, ${fmt(first.n)} → ${fmt(last.n)}: +${grow(gz(first), gz(last))} (target < 1 MB)`);
    print(
      `- RSS after start: ${grow(first.memory.afterStart, last.memory.afterStart)}; after the requests: ${grow(first.memory.afterLoad, last.memory.afterLoad)} (target < 20 MB); floor after the requests: ${grow(first.floor.afterLoad, last.floor.afterLoad)}`,
    );
    const kept = (r: SizeResult) => r.floor.isolate!.heap + r.floor.isolate!.buffers;
    print(
      `- the memory baseline (fresh buffers of nashra's answers' sizes), after the answers: ${grow(first.baseline.afterLoad, last.baseline.afterLoad)}; the isolate after the requests (heap + array buffers, V8's count): ${grow(kept(first), kept(last))} (${mb(kept(first))} → ${mb(kept(last))} MB)`,
    );
    const s0 = median(first.startUp);
    const s1 = median(last.startUp);
    print(`- start-up: ${fmt(s0, 0)} → ${fmt(s1, 0)} ms, ${fmt((100 * (s1 - s0)) / s0, 1)}% (target < 20%)`);
  }
  for (const r of measured) print(`- /feed.xml at ${fmt(r.n)}: ${r.throughput!.map((t) => `${t.mode} ${fmt(t.ratio, 2)}× the baseline`).join(', ')}`);
  const ten = results.find((r) => r.n === HUGO_UP_TO);
  if (ten) {
    const nashra = median(ten.clean.map((t) => t.ms));
    const h = median(ten.hugo);
    print(`- clean compile of ${fmt(ten.n)}: ${sec(nashra)} s, Hugo ${sec(h)} s: ${fmt(nashra / h, 2)}× (target ≤ 1)`);
    print(`- one article changed of ${fmt(ten.n)}: ${fmt(median(ten.edits.map((e) => e.ms)))} ms end to end (target < 1,000 ms)`);
  }
}

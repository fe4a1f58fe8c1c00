// What the benchmarks share to serve a Worker with plain `workerd serve` (the binary of the npm
// package `workerd`, the one wrangler bundles) and to drive it: the capnp config of the production
// bundle (its modules as wrangler's dry run writes them, wrangler.toml's vars, the store as an
// ASSETS binding to a disk service), starting and stopping processes, plain HTTP requests over
// one keep-alive connection, and wrk.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { wranglerVars } from '../lib/wrangler-vars';

/** The workerd that wrangler bundles: its binary path and version. */
export const workerd = createRequire(import.meta.url)('workerd') as { default: string; version: string };

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** What the Worker is deployed with, read from a wrangler.toml: its [vars] and compatibility settings. */
export interface WorkerSettings {
  vars: Record<string, string>;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

export function workerSettings(wranglerToml: string): WorkerSettings {
  const text = readFileSync(wranglerToml, 'utf8');
  const toml = parseToml(text) as { compatibility_date?: string; compatibility_flags?: string[] };
  return {
    vars: wranglerVars(text, undefined, wranglerToml).vars as unknown as Record<string, string>,
    compatibilityDate: toml.compatibility_date ?? '2026-05-01',
    compatibilityFlags: toml.compatibility_flags ?? [],
  };
}

/** A port nobody listens on now (the machine is shared: fixed ports may be taken). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface CapnpOptions {
  /** Where the config is written: embedded files are named relative to it. */
  configDir: string;
  /** The dry run's output directory (`wrangler deploy --dry-run --outdir`): index.js and the Data modules. */
  workerDir: string;
  settings: WorkerSettings;
  port: number;
  /** The store (generated/store), served to the Worker as its ASSETS binding; none if null. */
  storeDir: string | null;
  /** A second Worker on its own port: one ES module, no bindings. */
  baseline?: { port: number; module: string };
  /**
   * Serve the bundle behind a module (written beside the config) that reads each response whole and
   * then runs a full garbage collection (`v8Flags = ["--expose-gc"]`): the bench's memory floor,
   * what the process keeps when nothing waits to be collected.
   */
  collectAfterEach?: boolean;
}

/** The module in front of the bundle when `collectAfterEach`: a full collection after every response. */
const COLLECT_AFTER_EACH = `import nashra from "index.js";
export default {
  async fetch(request, env, ctx) {
    const response = await nashra.fetch(request, env, ctx);
    const body = await response.arrayBuffer();
    gc();
    return new Response(body, response);
  },
};
`;

/** The capnp config serving the production bundle as `nashra`, as wrangler.toml describes it. */
export function nashraCapnp(o: CapnpOptions): string {
  const embed = (file: string) => JSON.stringify(relative(o.configDir, resolve(file)));
  const data = readdirSync(o.workerDir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => `, (name = ${JSON.stringify(f)}, data = embed ${embed(`${o.workerDir}/${f}`)})`)
    .join('');
  const bindings = Object.entries(o.settings.vars).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`);
  if (o.storeDir) bindings.push('(name = "ASSETS", service = "store")');
  const services = ['(name = "nashra", worker = .nashra)'];
  const sockets = [`(name = "nashra", address = "127.0.0.1:${o.port}", http = (), service = "nashra")`];
  if (o.storeDir) services.push(`(name = "store", disk = (path = ${JSON.stringify(resolve(o.storeDir))}, writable = false))`);
  if (o.baseline) {
    services.push('(name = "baseline", worker = .baseline)');
    sockets.push(`(name = "baseline", address = "127.0.0.1:${o.baseline.port}", http = (), service = "baseline")`);
  }
  let front = '';
  if (o.collectAfterEach) {
    writeFileSync(join(o.configDir, 'collect-after-each.js'), COLLECT_AFTER_EACH);
    front = `(name = "collect-after-each.js", esModule = embed ${embed(join(o.configDir, 'collect-after-each.js'))}), `;
  }
  const flags = o.collectAfterEach ? '\n  v8Flags = ["--expose-gc"],' : '';
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${services.join(', ')} ],
  sockets = [ ${sockets.join(', ')} ],${flags}
);
const nashra :Workerd.Worker = (
  modules = [ ${front}(name = "index.js", esModule = embed ${embed(`${o.workerDir}/index.js`)})${data} ],
  compatibilityDate = ${JSON.stringify(o.settings.compatibilityDate)},
  compatibilityFlags = ${JSON.stringify(o.settings.compatibilityFlags)},
  bindings = [ ${bindings.join(', ')} ],
);
${
  o.baseline
    ? `const baseline :Workerd.Worker = (
  modules = [ (name = "baseline.js", esModule = embed ${embed(o.baseline.module)}) ],
  compatibilityDate = ${JSON.stringify(o.settings.compatibilityDate)},
);
`
    : ''
}`;
}

/** A workerd process: its pid (for /proc), what it wrote to stderr, and a stop that waits for its exit. */
export interface Workerd {
  child: ChildProcess;
  pid: number;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * Spawns `workerd serve config` and returns at once; nothing is known to be listening yet. With
 * `inspector`, V8's inspector listens on that port (see `isolateMemory`).
 */
export function spawnWorkerd(config: string, inspector?: number): Workerd {
  const args = ['serve', config, '--experimental', ...(inspector ? [`--inspector-addr=127.0.0.1:${inspector}`] : [])];
  const child = spawn(workerd.default, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    pid: child.pid!,
    stderr: () => stderr,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Starts `workerd serve config` and waits until every URL of `ready` answers. */
export async function startWorkerd(config: string, ready: string[]): Promise<Workerd> {
  const w = spawnWorkerd(config);
  for (let i = 0; i < 300; i++) {
    try {
      for (const url of ready) await (await fetch(url)).arrayBuffer();
      return w;
    } catch {
      if (w.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  w.child.kill('SIGKILL');
  throw new Error(`workerd did not start:\n${w.stderr()}`);
}

/** Resolves once something accepts TCP connections on the port (polling every `everyMs`). */
export async function listening(port: number, w: Workerd, everyMs = 2): Promise<void> {
  for (const started = performance.now(); performance.now() - started < 60_000; ) {
    const ok = await new Promise<boolean>((r) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        r(true);
      });
      socket.once('error', () => r(false));
    });
    if (ok) return;
    if (w.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`workerd did not listen on ${port}:\n${w.stderr()}`);
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** From the request's start to the body's last byte. */
  ms: number;
}

/** One GET, its body read; with a keep-alive `agent` the connection is reused between requests. */
export function get(url: string, agent?: Agent, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const started = performance.now();
    const req = request(url, { agent: agent ?? false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveAnswer({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export const keepAlive = () => new Agent({ keepAlive: true, maxSockets: 1 });

/** VmRSS and VmHWM (the peak) of a process, in bytes, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * What V8 counts for the process's one Worker isolate, by the inspector's Runtime.getHeapUsage
 * (Chrome DevTools Protocol): the JavaScript heap in use, and the array buffers' backing stores,
 * the two parts of what Cloudflare weighs against an isolate's 128 MB. What workerd itself holds
 * (its allocator's free lists, sockets, the process's code) is not in it. Needs a global WebSocket:
 * Node 20 runs the bench with --experimental-websocket (package.json).
 */
export async function isolateMemory(inspector: number): Promise<{ heap: number; buffers: number }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspector}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  if (targets.length !== 1) throw new Error(`workerd's inspector lists ${targets.length} isolates, not 1`);
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  try {
    return await new Promise((resolveUsage, reject) => {
      const timer = setTimeout(() => reject(new Error("workerd's inspector did not answer Runtime.getHeapUsage in 10 s")), 10_000);
      socket.addEventListener('error', () => reject(new Error("workerd's inspector refused the connection")));
      socket.addEventListener('open', () => socket.send(JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' })));
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: { usedSize: number; backingStorageSize?: number } };
        if (message.id !== 1) return;
        clearTimeout(timer);
        const usage = message.result;
        // backingStorageSize is in V8 12.x and later; workerd 1.20260426.1 has it.
        if (!usage || usage.backingStorageSize === undefined) reject(new Error(`Runtime.getHeapUsage answered ${JSON.stringify(message)}`));
        else resolveUsage({ heap: usage.usedSize, buffers: usage.backingStorageSize });
      });
    });
  } finally {
    socket.close();
  }
}

/**
 * A Worker that answers `/?bytes=N` with N bytes written into fresh memory: the memory baseline.
 * Asked for the same sizes, in the same order, as nashra answered, it shows what workerd's process
 * grows by for making that many bytes of answers in an isolate's memory at all, whatever makes them.
 */
export const FRESH_BYTES_WORKER = `export default {
  fetch(request) {
    const bytes = new Uint8Array(Number(new URL(request.url).searchParams.get('bytes')));
    bytes.fill(32); // written, as a rendered body is: memory that is only reserved is not resident
    return new Response(bytes);
  },
};
`;

/** The capnp config of FRESH_BYTES_WORKER alone (written beside the config) on `port`. */
export function freshBytesCapnp(configDir: string, port: number, settings: WorkerSettings): string {
  writeFileSync(join(configDir, 'fresh-bytes.js'), FRESH_BYTES_WORKER);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "fresh", worker = .fresh) ],
  sockets = [ (name = "fresh", address = "127.0.0.1:${port}", http = (), service = "fresh") ],
);
const fresh :Workerd.Worker = (
  modules = [ (name = "fresh-bytes.js", esModule = embed "fresh-bytes.js") ],
  compatibilityDate = ${JSON.stringify(settings.compatibilityDate)},
);
`;
}

export interface WrkResult {
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

export function wrk(url: string, headers: string[], connections: number, seconds: number): WrkResult {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50, p99, non2xx };
}

/**
 * The baseline: per path, the response nashra sends (the same body and the same headers, byte
 * for byte) from module-scope constants, whatever the request says. What is left between the
 * two is the Worker's own cost: routing, the memo, the conditional check.
 */
export function baselineSource(bodies: Map<string, { bytes: Buffer; headers: [string, string][] }>): string {
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

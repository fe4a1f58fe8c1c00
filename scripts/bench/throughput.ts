// Throughput against the constant-bytes baseline (README, docs/benchmarks.md): the production
// bundle under plain `workerd serve`, driven by wrk in alternating rounds with a baseline Worker
// that returns the same bytes from a constant, in the same workerd. Plain GET and conditional GET
// (If-None-Match). Used by `npm run bench` for the repository's bundle, and by the scale bench
// for the bundle of each archive size.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { baselineSource, fmt, freePort, median, nashraCapnp, startWorkerd, type WorkerSettings, type WrkResult, workerd, wrk } from './workerd';

export interface ThroughputOptions {
  /** A scratch directory for the config and the baseline's module. */
  dir: string;
  workerDir: string;
  storeDir: string | null;
  settings: WorkerSettings;
  paths: string[];
  rounds: number;
  seconds: number;
  connections: number;
  /** Printed before the table's rows, e.g. the archive size. */
  label?: string;
}

export interface ThroughputRow {
  path: string;
  mode: 'GET' | 'GET If-None-Match (304)';
  nashra: WrkResult;
  baseline: WrkResult;
  ratio: number;
  errors: number;
}

export const throughputHeader = (o: Pick<ThroughputOptions, 'connections' | 'seconds' | 'rounds'>) =>
  `throughput: wrk -t1 -c${o.connections} -d${o.seconds}s, ${o.rounds} alternating rounds each, median of rounds; workerd ${workerd.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()})`;

export const throughputColumns = [
  '| feed | request | nashra req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | nashra / baseline |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

export function throughputLine(r: ThroughputRow, first = `${r.path}`): string {
  const { nashra: n, baseline: b } = r;
  return `| ${first} | ${r.mode} | ${fmt(n.rps)} | ${fmt(n.p50, 2)} | ${fmt(n.p99, 2)} | ${fmt(b.rps)} | ${fmt(b.p50, 2)} | ${fmt(b.p99, 2)} | ${fmt(r.ratio, 2)}${r.errors ? ` (${r.errors} non-2xx/3xx!)` : ''} |`;
}

/** Measures each path plain and conditional, nashra and the baseline alternating; returns the rows. */
export async function compareWithBaseline(o: ThroughputOptions, print: (line: string) => void = console.log): Promise<ThroughputRow[]> {
  const ports = { nashra: await freePort(), baseline: await freePort() };
  const config = join(o.dir, 'throughput.capnp');
  const baselineModule = join(o.dir, 'baseline.js');
  const writeConfig = () =>
    writeFileSync(
      config,
      nashraCapnp({
        configDir: o.dir,
        workerDir: o.workerDir,
        settings: o.settings,
        port: ports.nashra,
        storeDir: o.storeDir,
        baseline: { port: ports.baseline, module: baselineModule },
      }),
    );
  const url = (who: 'nashra' | 'baseline', path: string) => `http://127.0.0.1:${ports[who]}${path}`;

  // First serve nashra alone to learn the bytes the baseline must return.
  writeFileSync(baselineModule, baselineSource(new Map()));
  writeConfig();
  let w = await startWorkerd(config, [url('nashra', o.paths[0]!), url('baseline', '/')]);
  const bodies = new Map<string, { bytes: Buffer; headers: [string, string][] }>();
  const etags = new Map<string, string>();
  try {
    for (const path of o.paths) {
      const res = await fetch(url('nashra', path));
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      const headers = [...res.headers].filter(([name]) => name !== 'content-length' && name !== 'date');
      bodies.set(path, { bytes: Buffer.from(await res.arrayBuffer()), headers });
      etags.set(path, res.headers.get('etag')!);
    }
  } finally {
    await w.stop();
  }
  writeFileSync(baselineModule, baselineSource(bodies));
  w = await startWorkerd(config, [url('nashra', o.paths[0]!), url('baseline', '/')]);
  const rows: ThroughputRow[] = [];
  try {
    for (const path of o.paths) {
      const same = Buffer.compare(Buffer.from(await (await fetch(url('baseline', path))).arrayBuffer()), bodies.get(path)!.bytes) === 0;
      if (!same) throw new Error(`baseline bytes differ for ${path}`);
    }
    for (const path of o.paths) {
      for (const mode of ['GET', 'GET If-None-Match (304)'] as const) {
        const headers = mode === 'GET' ? [] : [`If-None-Match: ${etags.get(path)}`];
        const runs = { nashra: [] as WrkResult[], baseline: [] as WrkResult[] };
        for (let round = 0; round < o.rounds; round++) {
          // Alternate which goes first, so drift in the machine's speed hits both alike.
          const order = round % 2 === 0 ? (['baseline', 'nashra'] as const) : (['nashra', 'baseline'] as const);
          for (const who of order) runs[who].push(wrk(url(who, path), headers, o.connections, o.seconds));
        }
        const med = (rs: WrkResult[]): WrkResult => ({
          rps: median(rs.map((r) => r.rps)),
          p50: median(rs.map((r) => r.p50)),
          p99: median(rs.map((r) => r.p99)),
          non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
        });
        const n = med(runs.nashra);
        const b = med(runs.baseline);
        const row: ThroughputRow = { path, mode, nashra: n, baseline: b, ratio: n.rps / b.rps, errors: n.non2xx + b.non2xx };
        rows.push(row);
        print(throughputLine(row, o.label ? `${o.label} | ${path}` : path));
      }
    }
  } finally {
    await w.stop();
  }
  return rows;
}

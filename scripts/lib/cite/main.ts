// `npm run cite`: resolves the tweets cited in content/ into content/citations.json. Everything the
// command does, with its I/O passed in (fetch, the clock, sleep, the output streams, the abort
// signal), so that tests run it in process against a local fake; scripts/cite.ts wires it to Node.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CITATION_RECORD, entryKey, type RecordEntry } from '../../../src/content/citation-record';
import { formatDiagnostic } from '../../../src/content/diagnostics';
import { noLinkEntry } from './build-entry';
import { type CitationSite, findCitations, type SourceFile } from './find-citations';
import { createClient } from './http';
import { basesFrom, describePlan, distinctSites, planResolution, staleEntries } from './plan';
import { createProgress } from './progress';
import { readRecord, writeRecord } from './record-file';
import { type Outcome, resolveLookups } from './resolve';

interface Out {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface CiteIO {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  fetch: typeof globalThis.fetch;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  stdout: Out;
  stderr: Out;
  signal?: AbortSignal;
}

const USAGE = `usage: npm run cite -- [--content DIR] [--dry-run | --check | --prune] [--timeout MS] [--retries N] [--backoff MS]
  Resolves every tweet cited in DIR (default content) that has no record yet into DIR/${CITATION_RECORD}.
  --dry-run   print what would be asked; no network, nothing written
  --check     exit 1 when a citation has no record (for CI); no network, nothing written
  --prune     drop records whose citation is gone; no network
  --timeout   ms to wait for each answer (default 10000)
  --retries   attempts after the first on 429, 5xx, a timeout or a broken connection (default 3)
  --backoff   ms before the first retry, doubling each time, unless Retry-After says (default 1000)
Service base URLs: NASHRA_TCO_BASE, NASHRA_OEMBED_BASE, NASHRA_CDX_BASE.`;

export async function runCite(io: CiteIO): Promise<number> {
  const say = (out: Out, text: string) => out.write(`${text}\n`);
  const options = parseOptions(io.argv);
  if ('error' in options) {
    say(io.stderr, `nashra cite: ${options.error}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    say(io.stdout, USAGE);
    return 0;
  }
  const dir = resolve(io.cwd, options.content);
  const shown = (name: string) => (relative(io.cwd, join(dir, name)) || name).split('\\').join('/');
  const recordFile = join(dir, CITATION_RECORD);
  const recordShown = shown(CITATION_RECORD);

  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && /\.(?:md|txt)$/.test(e.name))
      .map((e) => e.name);
  } catch (e) {
    say(io.stderr, `nashra cite: cannot read the content directory ${options.content}: ${(e as Error).message}`);
    return 2;
  }
  const read = readRecord(recordFile, recordShown);
  if ('errors' in read) {
    for (const d of read.errors) say(io.stderr, formatDiagnostic(d, 'error'));
    say(io.stderr, `nashra cite: ${recordShown} cannot be read; fix it or remove the entry (nothing was asked or written)`);
    return 1;
  }
  const files: SourceFile[] = names.map((name) => ({ name, path: shown(name), bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  const found = findCitations(files);
  if (found.errors.length > 0) {
    for (const d of found.errors) say(io.stderr, formatDiagnostic(d, 'error'));
    say(io.stderr, 'nashra cite: the content has errors (npm run compile shows them too); nothing was asked or written');
    return 1;
  }
  const sites = distinctSites(found.sites);
  const entries = read.record.entries;
  const plan = planResolution(sites, entries);
  const stale = staleEntries(sites, entries);
  const about = (s: CitationSite) => `${s.path}:${s.line}: @${s.tweet.handle} ${s.ref}`;
  const staleLine = (e: RecordEntry) => `${recordShown}:${read.record.lines.get(e)}: warning: no citation of @${e.handle} ${e.ref} in ${e.file} any more`;

  if (options.mode === 'check') {
    const missing = [...plan.lookups.flatMap((l) => l.sites), ...plan.noLink];
    for (const s of missing) say(io.stderr, `${about(s)}: no record in ${recordShown} (run npm run cite)`);
    for (const e of stale) say(io.stderr, `${staleLine(e)} (npm run cite -- --prune drops it)`);
    say(io.stdout, `nashra cite: ${sites.length} citation(s), ${missing.length} without a record, ${stale.length} record(s) of citations that are gone`);
    return missing.length > 0 ? 1 : 0;
  }
  if (options.mode === 'dry-run') {
    for (const line of describePlan(plan, basesFrom(io.env))) say(io.stdout, line);
    const asking = plan.lookups.reduce((n, l) => n + l.sites.length, 0);
    say(
      io.stdout,
      `nashra cite: would look up ${plan.lookups.length} tweet(s) for ${asking} citation(s); ${plan.recorded.length} already recorded; nothing was asked or written (dry run)`,
    );
    return 0;
  }
  if (options.mode === 'prune') {
    for (const e of stale) say(io.stderr, `${recordShown}:${read.record.lines.get(e)}: dropped @${e.handle} ${e.ref} of ${e.file}: its citation is gone`);
    if (stale.length > 0)
      writeRecord(
        recordFile,
        entries.filter((e) => !stale.includes(e)),
      );
    say(io.stdout, `nashra cite: pruned ${stale.length} record(s) of citations that are gone`);
    return 0;
  }

  // A real run. Lines move when an author edits above a quote: the record follows, for people.
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  let changed = 0;
  for (const s of plan.recorded) {
    const e = byKey.get(s.key)!;
    if (e.line !== s.line) {
      byKey.set(s.key, { ...e, line: s.line });
      changed++;
    }
  }
  const unresolvable: string[] = [];
  for (const s of plan.noLink) {
    const built = noLinkEntry(s);
    byKey.set(s.key, built.entry);
    unresolvable.push(`${about(s)}: no_link: ${built.notes.join('; ')}`);
  }
  if (changed > 0 || plan.noLink.length > 0) writeRecord(recordFile, [...byKey.values()]);

  const bases = basesFrom(io.env);
  const contact = io.env.NASHRA_CITE_CONTACT?.trim();
  const client = createClient({
    fetch: io.fetch,
    sleep: io.sleep,
    now: () => io.now().getTime(),
    // Who asks, plainly: no browser's name, so t.co answers with the redirect meant for programs.
    userAgent: `nashra-cite/0.1 (citation resolver of the nashra feed publisher${contact ? `; +${contact}` : ''})`,
    timeoutMs: options.timeout,
    retries: options.retries,
    backoffMs: options.backoff,
    maxWaitMs: 60_000,
    perHost: 2,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  const total = plan.lookups.reduce((n, l) => n + l.sites.length, 0);
  const counts = { done: 0, total, resolved: 0, unresolvable: 0 };
  const progress = createProgress(io.stderr);
  const tell = (text: string) => say(io.stderr, io.stderr.isTTY ? `\r\u001b[K${text}` : text);
  let failed = 0;
  let interrupted = 0;
  const record = (outcomes: Outcome[]) => {
    let wrote = false;
    for (const o of outcomes) {
      if (o.kind === 'recorded') {
        byKey.set(o.site.key, o.entry);
        wrote = true;
        if (o.entry.state === 'resolved') counts.resolved++;
        else {
          counts.unresolvable++;
          unresolvable.push(`${about(o.site)}: ${o.entry.state}: ${o.notes.join('; ')}`);
        }
        for (const note of o.entry.state === 'resolved' ? o.notes : []) tell(`${about(o.site)}: warning: ${note}`);
        if (o.entry.state !== 'resolved') tell(`${about(o.site)}: ${o.entry.state}: ${o.notes.join('; ')}`);
      } else if (o.kind === 'failed') {
        failed++;
        counts.unresolvable++;
        unresolvable.push(`${about(o.site)}: ${o.reason} (not recorded: the next run asks again)`);
        tell(`${about(o.site)}: ${o.reason}`);
      } else {
        interrupted++;
        continue;
      }
      counts.done++;
    }
    if (wrote) writeRecord(recordFile, [...byKey.values()]);
    progress.show(counts);
  };
  if (plan.lookups.length > 0) {
    await resolveLookups(plan.lookups, { client, bases, now: io.now, concurrency: 4, record, ...(io.signal ? { signal: io.signal } : {}) });
  }
  progress.end();

  say(
    io.stdout,
    `nashra cite: ${sites.length} citation(s): ${counts.resolved} resolved, ${plan.recorded.length} already recorded, ${unresolvable.length} unresolvable` +
      (interrupted > 0 ? `, ${interrupted} interrupted (run again to go on)` : ''),
  );
  for (const line of unresolvable) say(io.stdout, `  ${line}`);
  if (changed > 0) say(io.stdout, `  updated the line of ${changed} record(s) whose quote moved`);
  if (stale.length > 0) say(io.stdout, `  ${stale.length} record(s) of citations that are gone (npm run cite -- --prune drops them)`);
  return interrupted > 0 ? 130 : failed > 0 ? 1 : 0;
}

type Options = { content: string; mode: 'resolve' | 'dry-run' | 'check' | 'prune'; timeout: number; retries: number; backoff: number; help: boolean };

function parseOptions(argv: string[]): Options | { error: string } {
  const o: Options = { content: 'content', mode: 'resolve', timeout: 10_000, retries: 3, backoff: 1000, help: false };
  const modes: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    const whole = (min: number) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${arg} must be a whole number from ${min}, got "${v}"`);
      return Number(v);
    };
    try {
      if (arg === '--content') o.content = value();
      else if (arg === '--dry-run' || arg === '--check' || arg === '--prune') modes.push(arg.slice(2));
      else if (arg === '--timeout') o.timeout = whole(1);
      else if (arg === '--retries') o.retries = whole(0);
      else if (arg === '--backoff') o.backoff = whole(0);
      else if (arg === '--help' || arg === '-h') o.help = true;
      else return { error: `unknown option ${arg}` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  if (modes.length > 1) return { error: `--${modes.join(' and --')} cannot be combined` };
  if (modes[0]) o.mode = modes[0] as Options['mode'];
  return o;
}

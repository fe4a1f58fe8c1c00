// What to ask, and of whom: pure planning from the citations and the record, shared by a real run,
// --dry-run, --check and --prune.
import { entryKey, type RecordEntry, statusIdOf, statusUrlOf } from '../../../src/content/citation-record';
import type { CitationSite } from './find-citations';

/** Each service's base URL; the paths after it are the service's own. */
export interface Bases {
  tco: string;
  oembed: string;
  cdx: string;
}

export const DEFAULT_BASES: Bases = { tco: 'https://t.co', oembed: 'https://publish.twitter.com', cdx: 'https://web.archive.org' };

/** The bases, each overridable by its environment variable (a local fake in tests). */
export function basesFrom(env: Record<string, string | undefined>): Bases {
  const pick = (name: string, fallback: string) => (env[name]?.trim() || fallback).replace(/\/+$/, '');
  return {
    tco: pick('NASHRA_TCO_BASE', DEFAULT_BASES.tco),
    oembed: pick('NASHRA_OEMBED_BASE', DEFAULT_BASES.oembed),
    cdx: pick('NASHRA_CDX_BASE', DEFAULT_BASES.cdx),
  };
}

/** One tweet to look up, and every citation of it without a record (one request serves them all). */
export interface Lookup {
  target: { kind: 'pic'; code: string } | { kind: 'status'; id: string; statusUrl: string };
  sites: CitationSite[];
}

export interface Plan {
  lookups: Lookup[];
  /** Citations with nothing to look up (no status URL, no picture): recorded as no_link without asking. */
  noLink: CitationSite[];
  /** Citations the record already has. */
  recorded: CitationSite[];
}

/** One site per record entry: a tweet quoted twice in one file is one entry, at its first line. */
export function distinctSites(sites: CitationSite[]): CitationSite[] {
  const seen = new Map<string, CitationSite>();
  for (const site of sites) if (!seen.has(site.key)) seen.set(site.key, site);
  return [...seen.values()];
}

export function planResolution(sites: CitationSite[], entries: RecordEntry[]): Plan {
  const known = new Set(entries.map(entryKey));
  const plan: Plan = { lookups: [], noLink: [], recorded: [] };
  const byRef = new Map<string, Lookup>();
  for (const site of distinctSites(sites)) {
    if (known.has(site.key)) {
      plan.recorded.push(site);
      continue;
    }
    if (site.ref.startsWith('quote/')) {
      plan.noLink.push(site);
      continue;
    }
    const lookup = byRef.get(site.ref);
    if (lookup) {
      lookup.sites.push(site);
      continue;
    }
    const id = statusIdOf(site.tweet);
    const target: Lookup['target'] = id
      ? { kind: 'status', id, statusUrl: statusUrlOf(site.tweet.handle, id) }
      : { kind: 'pic', code: site.ref.slice('pic.twitter.com/'.length) };
    const created = { target, sites: [site] };
    byRef.set(site.ref, created);
    plan.lookups.push(created);
  }
  return plan;
}

/** Entries whose citation is no longer in the content (`--prune` drops them; the compiler warns). */
export function staleEntries(sites: CitationSite[], entries: RecordEntry[]): RecordEntry[] {
  const cited = new Set(sites.map((s) => s.key));
  return entries.filter((e) => !cited.has(entryKey(e)));
}

export function tcoUrl(bases: Bases, code: string): string {
  return `${bases.tco}/${code}`;
}

/** Twitter's public oEmbed endpoint; no script, and no tracking of the asker (dnt). */
export function oembedUrl(bases: Bases, statusUrl: string): string {
  return `${bases.oembed}/oembed?url=${encodeURIComponent(statusUrl)}&omit_script=1&dnt=1`;
}

/**
 * The Wayback Machine's CDX queries for a status, under both hosts it has had. Only captures that
 * answered 200; CDX lists the oldest first, and no capture can be older than the tweet, so the
 * first few include the one closest to its time.
 */
export function cdxUrls(bases: Bases, handle: string, id: string): string[] {
  return ['twitter.com', 'x.com'].map(
    (host) =>
      `${bases.cdx}/cdx/search/cdx?url=${encodeURIComponent(`${host}/${handle}/status/${id}`)}&output=json&fl=timestamp,original,statuscode&filter=statuscode:200&limit=25`,
  );
}

/** What a run would ask, one line per citation: `path:line: @handle ref: GET …`. */
export function describePlan(plan: Plan, bases: Bases): string[] {
  const lines: string[] = [];
  for (const { target, sites } of plan.lookups) {
    const asks =
      target.kind === 'pic'
        ? [`GET ${tcoUrl(bases, target.code)} (then oEmbed and the Wayback CDX for the status it names)`]
        : [`GET ${oembedUrl(bases, target.statusUrl)}`, ...cdxUrls(bases, sites[0]!.tweet.handle, target.id).map((u) => `GET ${u}`)];
    for (const [i, site] of sites.entries()) {
      const head = `${site.path}:${site.line}: @${site.tweet.handle} ${site.ref}`;
      lines.push(i === 0 ? `${head}: ${asks.join('; ')}` : `${head}: answered by the same requests`);
    }
  }
  for (const site of plan.noLink)
    lines.push(`${site.path}:${site.line}: @${site.tweet.handle} ${site.ref}: nothing to ask (no status URL or picture link); recorded as no_link`);
  return lines;
}

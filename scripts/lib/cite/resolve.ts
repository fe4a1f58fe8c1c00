// Resolves the planned lookups against the services, a few at a time, handing each finished
// lookup's entries to `record` at once so that an interrupted run loses nothing already answered.
import { type OembedAnswer, statusUrlOf, type TcoAnswer, type WaybackAnswer } from '../../../src/content/citation-record';
import { type Capture, readCdxAnswer, readOembedAnswer, readTcoAnswer } from './answers';
import { type Built, resolvedEntry, unresolvedEntry } from './build-entry';
import type { CitationSite } from './find-citations';
import { type Answer, Interrupted, RequestFailed } from './http';
import { type Bases, cdxUrls, type Lookup, oembedUrl, tcoUrl } from './plan';

export type Outcome =
  | ({ site: CitationSite; kind: 'recorded' } & Built)
  | { site: CitationSite; kind: 'failed'; reason: string }
  | { site: CitationSite; kind: 'interrupted' };

export interface ResolveDeps {
  client: { get(url: string, accept: string): Promise<Answer> };
  bases: Bases;
  /** The clock that stamps when each service was asked. */
  now: () => Date;
  signal?: AbortSignal;
  /** Lookups under way at once; the client still allows only a few requests per host. */
  concurrency: number;
  /** Called once per finished lookup, with its entries, before the next is counted done. */
  record: (outcomes: Outcome[]) => void;
}

/** A service gave no usable answer; nothing of the lookup is recorded, so the next run asks again. */
class LookupFailed extends Error {}

export async function resolveLookups(lookups: Lookup[], deps: ResolveDeps): Promise<Outcome[]> {
  const results: Outcome[][] = lookups.map((l) => l.sites.map((site) => ({ site, kind: 'interrupted' as const })));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < lookups.length && !deps.signal?.aborted; i = next++) {
      const outcomes = await resolveOne(lookups[i]!, deps);
      results[i] = outcomes;
      deps.record(outcomes);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency, lookups.length)) }, worker));
  return results.flat();
}

async function resolveOne(lookup: Lookup, deps: ResolveDeps): Promise<Outcome[]> {
  const { bases } = deps;
  const ask = async (service: string, url: string, accept: string): Promise<{ asked_at: string; answer: Answer }> => {
    const asked_at = deps.now().toISOString();
    try {
      return { asked_at, answer: await deps.client.get(url, accept) };
    } catch (e) {
      if (e instanceof RequestFailed) throw new LookupFailed(`${service}: ${e.reason}`);
      throw e;
    }
  };
  const outcomes: Outcome[] = [];
  const recorded = (site: CitationSite, built: Built): Outcome => ({ site, kind: 'recorded', ...built });
  let sites = lookup.sites;
  try {
    let id: string;
    let tco: TcoAnswer | null = null;
    if (lookup.target.kind === 'pic') {
      const { asked_at, answer } = await ask('t.co', tcoUrl(bases, lookup.target.code), '*/*');
      tco = { asked_at, url: answer.url, status: answer.status, location: answer.location };
      const verdict = readTcoAnswer(answer);
      if (verdict.kind === 'failed') throw new LookupFailed(verdict.reason);
      if (verdict.kind !== 'status') return sites.map((s) => recorded(s, unresolvedEntry(s, verdict.kind, tco!)));
      // Whose post it is decides, per citation: a mismatch is recorded as such, never adopted.
      const named = verdict.handle;
      for (const s of sites)
        if (s.tweet.handle.toLowerCase() !== named.toLowerCase()) outcomes.push(recorded(s, unresolvedEntry(s, 'handle_mismatch', tco, named)));
      sites = sites.filter((s) => s.tweet.handle.toLowerCase() === named.toLowerCase());
      id = verdict.id;
    } else id = lookup.target.id;
    if (sites.length === 0) return outcomes;

    const handle = sites[0]!.tweet.handle;
    const asked = await ask('oEmbed', oembedUrl(bases, statusUrlOf(handle, id)), 'application/json');
    const said = readOembedAnswer(asked.answer);
    if (said.kind === 'failed') throw new LookupFailed(said.reason);
    const oembed: OembedAnswer = {
      asked_at: asked.asked_at,
      url: asked.answer.url,
      status: asked.answer.status,
      author_name: said.kind === 'ok' ? said.authorName : null,
      text: said.kind === 'ok' ? said.text : null,
    };

    const urls = cdxUrls(bases, handle, id);
    const asked_at = deps.now().toISOString();
    const lists = await Promise.all(
      urls.map(async (url) => {
        const got = readCdxAnswer((await ask('the Wayback CDX', url, 'application/json')).answer);
        if (got.kind === 'failed') throw new LookupFailed(got.reason);
        return got.captures;
      }),
    );
    const captures: Capture[] = lists.flat();
    const wayback: WaybackAnswer = { asked_at, urls, captures: captures.length };
    for (const s of sites) outcomes.push(recorded(s, resolvedEntry(s, id, { tco, oembed, oembedText: oembed.text, wayback, captures })));
    return outcomes;
  } catch (e) {
    if (e instanceof LookupFailed) return [...outcomes, ...sites.map((site) => ({ site, kind: 'failed' as const, reason: e.message }))];
    if (e instanceof Interrupted) return [...outcomes, ...sites.map((site) => ({ site, kind: 'interrupted' as const }))];
    throw e;
  }
}

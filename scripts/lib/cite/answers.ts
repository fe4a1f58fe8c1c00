// Reads what t.co, oEmbed and the Wayback Machine's CDX answered, and compares it with the quote.
// Pure: every function takes an answer already received.
import { parseEmbedTweet } from '../../../src/citations/parse-embed';
import type { Check } from '../../../src/content/citation-record';
import { normalizeQuote } from '../../../src/content/citation-record';

export interface Received {
  url: string;
  status: number;
  location: string | null;
  body: string;
}

export type TcoVerdict =
  | { kind: 'status'; handle: string; id: string }
  | { kind: 'not_a_tweet'; location: string }
  | { kind: 'not_found' }
  | { kind: 'failed'; reason: string };

// A post's address on either host, with or without /photo/1, /video/1 or a query.
const STATUS_PATH = /^\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,20})(?:\/[^?#]*)?$/;
const TWEET_HOSTS = /^(?:(?:www|mobile)\.)?(?:twitter|x)\.com$/i;
const META_REFRESH = /<meta[^>]+http-equiv=["']?refresh/i;

/** t.co tells a plain client where a short link goes with a redirect (301); a browser gets a page. */
export function readTcoAnswer(a: Received): TcoVerdict {
  if (a.status >= 300 && a.status < 400) {
    if (!a.location) return { kind: 'failed', reason: `t.co answered ${a.status} without a Location` };
    let to: URL;
    try {
      to = new URL(a.location, a.url);
    } catch {
      return { kind: 'not_a_tweet', location: a.location };
    }
    const m = STATUS_PATH.exec(to.pathname);
    if (!/^https?:$/.test(to.protocol) || !TWEET_HOSTS.test(to.hostname) || !m) return { kind: 'not_a_tweet', location: to.href };
    // x.com/i/status/<id> names no author, so the cited handle could not be checked.
    if (m[1]!.toLowerCase() === 'i') return { kind: 'failed', reason: `t.co named the status without its author (${to.href})` };
    return { kind: 'status', handle: m[1]!, id: m[2]! };
  }
  if (a.status === 404) return { kind: 'not_found' };
  if (a.status === 200 && META_REFRESH.test(a.body)) {
    return { kind: 'failed', reason: 't.co answered 200 with an HTML page (a meta refresh, the answer browsers get) instead of a redirect' };
  }
  return { kind: 'failed', reason: `t.co answered ${a.status} instead of a redirect` };
}

export type OembedVerdict = { kind: 'ok'; authorName: string | null; text: string | null } | { kind: 'gone' } | { kind: 'failed'; reason: string };

/** oEmbed gives the author's name and the tweet's HTML; 404 or 403 means deleted or protected. */
export function readOembedAnswer(a: Received): OembedVerdict {
  if (a.status === 404 || a.status === 403 || a.status === 410) return { kind: 'gone' };
  if (a.status !== 200) return { kind: 'failed', reason: `oEmbed answered ${a.status}` };
  let data: unknown;
  try {
    data = JSON.parse(a.body);
  } catch {
    return { kind: 'failed', reason: 'oEmbed answered 200 with malformed JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { kind: 'failed', reason: 'oEmbed answered 200 with JSON that is not an object' };
  const { author_name, html } = data as { author_name?: unknown; html?: unknown };
  const parsed = typeof html === 'string' ? parseEmbedTweet(html, { articleLang: 'und' }) : null;
  return {
    kind: 'ok',
    authorName: typeof author_name === 'string' ? author_name : null,
    text: parsed && 'tweet' in parsed ? parsed.tweet.text : null,
  };
}

export interface Capture {
  /** YYYYMMDDhhmmss, UTC. */
  timestamp: string;
  original: string;
}

export type CdxVerdict = { kind: 'ok'; captures: Capture[] } | { kind: 'failed'; reason: string };

/** CDX with output=json: a header row naming the fields, then one row per capture (or nothing). */
export function readCdxAnswer(a: Received): CdxVerdict {
  if (a.status !== 200) return { kind: 'failed', reason: `the Wayback CDX answered ${a.status}` };
  if (a.body.trim() === '') return { kind: 'ok', captures: [] };
  let rows: unknown;
  try {
    rows = JSON.parse(a.body);
  } catch {
    return { kind: 'failed', reason: 'the Wayback CDX answered 200 with malformed JSON' };
  }
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))) {
    return { kind: 'failed', reason: 'the Wayback CDX answered JSON that is not a list of rows' };
  }
  if (rows.length === 0) return { kind: 'ok', captures: [] };
  const [header, ...data] = rows as string[][];
  const [t, o] = [header!.indexOf('timestamp'), header!.indexOf('original')];
  if (t < 0 || o < 0) return { kind: 'failed', reason: 'the Wayback CDX answered rows without timestamp and original' };
  const captures = data.map((r) => ({ timestamp: r[t] ?? '', original: r[o] ?? '' }));
  if (!captures.every((c) => /^\d{14}$/.test(c.timestamp) && /^https?:\/\/\S+$/.test(c.original))) {
    return { kind: 'failed', reason: 'the Wayback CDX answered a row without a 14-digit timestamp and a URL' };
  }
  return { kind: 'ok', captures };
}

function captureMs(timestamp: string): number {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(timestamp.slice(at, at + (i === 0 ? 4 : 2))));
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

/** The capture nearest the tweet's time; on a tie the earlier one, then the first URL. */
export function closestCapture(captures: Capture[], time: string): Capture | null {
  const at = Date.parse(time);
  let best: Capture | null = null;
  for (const c of captures) {
    if (best === null) {
      best = c;
      continue;
    }
    const [dc, db] = [Math.abs(captureMs(c.timestamp) - at), Math.abs(captureMs(best.timestamp) - at)];
    if (dc < db || (dc === db && (c.timestamp < best.timestamp || (c.timestamp === best.timestamp && c.original < best.original)))) best = c;
  }
  return best;
}

/** The Wayback Machine's address of a capture. */
export function captureUrl(c: Capture): string {
  return `https://web.archive.org/web/${c.timestamp}/${c.original}`;
}

/**
 * The exported date against the instant in the id: the export shows the day where its reader was,
 * so a day either side agrees.
 */
export function dateCheck(date: string, time: string | null): Check {
  if (time === null) return 'unknown';
  const days = Math.round((Date.parse(`${time.slice(0, 10)}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  return Math.abs(days) <= 1 ? 'same' : 'differs';
}

/** The quote against oEmbed's text, after normalising whitespace, direction marks and links. */
export function textCheck(quote: string, text: string | null): Check {
  if (text === null) return 'unknown';
  return normalizeQuote(quote) === normalizeQuote(text) ? 'same' : 'differs';
}

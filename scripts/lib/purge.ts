// Purging by Cache-Tag through Cloudflare's API (POST /zones/{zone_id}/purge_cache, body { tags }).
// The network, the clock and waiting are passed in, so tests run against a fake API without waiting.

/** Cloudflare's API; NASHRA_CLOUDFLARE_API_BASE names another (a test's fake, a mirror). */
export const CLOUDFLARE_API_BASE = 'https://api.cloudflare.com';

export interface PurgeTagsOptions {
  zoneId: string;
  /** A token with the zone's Cache Purge permission: sent in Authorization, never logged. */
  token: string;
  tags: readonly string[];
  apiBase?: string;
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<unknown>;
  /** The clock, for a Retry-After given as an HTTP-date. */
  now: () => number;
  /** One line before each retry. */
  log: (line: string) => void;
  /** Per request, the reading of the answer included. */
  timeoutMs?: number;
  attempts?: number;
}

export type PurgeResult = { ok: true; attempts: number } | { ok: false; attempts: number; reason: string };

type Outcome = { ok: true } | { ok: false; reason: string; retry: boolean; retryAfterMs?: number };

// Free plans may purge 5 times a minute (Cloudflare docs, "Purge cache", limits): a 429 may ask
// for seconds, but a deploy should not hang on an answer that asks for much more.
const MAX_WAIT_MS = 60_000;

/**
 * Purges every response that carries one of `tags`. A purge can be repeated without harm, so a
 * timeout, a network error, a 429 or a 5xx is tried again, after Retry-After when the API gives
 * one, else after 1, 2, 4 s. Any other answer is final.
 */
export async function purgeTags(options: PurgeTagsOptions): Promise<PurgeResult> {
  const { zoneId, token, tags, apiBase = CLOUDFLARE_API_BASE, fetch, sleep, now, log, timeoutMs = 15_000, attempts = 4 } = options;
  const url = `${apiBase.replace(/\/+$/, '')}/client/v4/zones/${encodeURIComponent(zoneId)}/purge_cache`;
  const init = {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ tags }),
  };
  for (let attempt = 1; ; attempt++) {
    const outcome = await send(() => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }), timeoutMs, now);
    if (outcome.ok) return { ok: true, attempts: attempt };
    if (!outcome.retry || attempt === attempts) return { ok: false, attempts: attempt, reason: outcome.reason };
    const wait = Math.min(outcome.retryAfterMs ?? 1000 * 2 ** (attempt - 1), MAX_WAIT_MS);
    log(`nashra: purge attempt ${attempt} of ${attempts}: ${outcome.reason}; trying again in ${wait / 1000} s`);
    await sleep(wait);
  }
}

async function send(request: () => Promise<Response>, timeoutMs: number, now: () => number): Promise<Outcome> {
  let response: Response;
  let text: string;
  try {
    response = await request();
    text = await response.text();
  } catch (e) {
    return { ok: false, retry: true, reason: networkFailure(e, timeoutMs) };
  }
  const answer = readAnswer(text);
  if (response.ok && answer?.success === true) return { ok: true };
  const retry = response.status === 429 || response.status >= 500;
  const said = answer?.errors.length ? answer.errors.join('; ') : response.ok ? 'the answer does not say success' : response.statusText;
  const reason = `HTTP ${response.status}: ${said}`;
  if (!retry) return { ok: false, retry, reason };
  return { ok: false, retry, reason, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now()) };
}

/** Cloudflare's envelope: `{ success, errors: [{ code, message }], ... }`; undefined when the body is not one. */
function readAnswer(text: string): { success: unknown; errors: string[] } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { success, errors } = json as { success?: unknown; errors?: unknown };
  const list = Array.isArray(errors) ? errors : [];
  return { success, errors: list.map((e: { code?: unknown; message?: unknown }) => `${e?.message ?? 'error'} (code ${e?.code ?? 'none'})`) };
}

function networkFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // fetch says only "fetch failed"; what failed (ECONNRESET, ENOTFOUND, ...) is its cause.
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  return `network error: ${cause instanceof Error ? cause.message : String(cause)}`;
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with the day's name; Date.parse would also take "1.5" as a year.
  const at = /^[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

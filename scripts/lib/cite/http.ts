// A polite HTTP client for the resolver, the only code of nashra that uses the network: at most
// `perHost` requests at a time per host, a timeout on each, retries with exponential backoff on
// 429 and 5xx (honouring Retry-After), redirects never followed. fetch, the clock and sleep are
// passed in.

export interface ClientOptions {
  fetch: typeof globalThis.fetch;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Now, in ms since the epoch: for Retry-After given as an HTTP-date. */
  now: () => number;
  userAgent: string;
  timeoutMs: number;
  /** Attempts after the first, on 429, 5xx, a broken connection or a timeout. */
  retries: number;
  /** The first wait; it doubles each time. */
  backoffMs: number;
  /** No wait is longer than this, Retry-After included. */
  maxWaitMs: number;
  perHost: number;
  /** Aborted on Ctrl-C: requests under way stop, none starts. */
  signal?: AbortSignal;
}

export interface Answer {
  url: string;
  status: number;
  location: string | null;
  body: string;
}

/** No usable answer after every attempt: the reason says what the last attempt got. */
export class RequestFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RequestFailed';
  }
}

/** The run was interrupted (Ctrl-C) while this request waited or was under way. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  const v = value?.trim() ?? '';
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = /[a-z]/i.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** How long to wait before attempt `attempt + 1`: what the server asked, else backoff · 2^attempt; capped. */
export function retryDelay(retryAfter: string | null, attempt: number, o: Pick<ClientOptions, 'backoffMs' | 'maxWaitMs'>, nowMs: number): number {
  return Math.min(parseRetryAfter(retryAfter, nowMs) ?? o.backoffMs * 2 ** attempt, o.maxWaitMs);
}

const retryable = (status: number) => status === 429 || status >= 500;

/** A counting semaphore: at most `max` holders; the next waiter takes a released place. */
class Places {
  private held = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async take(): Promise<void> {
    if (this.held < this.max) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}

export function createClient(o: ClientOptions): { get(url: string, accept: string): Promise<Answer> } {
  const hosts = new Map<string, Places>();
  const placesFor = (host: string) => {
    let places = hosts.get(host);
    if (!places) hosts.set(host, (places = new Places(o.perHost)));
    return places;
  };

  // One attempt, holding one of the host's places only while the request is under way.
  const attempt = async (url: string, accept: string): Promise<{ answer: Answer; retryAfter: string | null } | { error: string }> => {
    const places = placesFor(new URL(url).host);
    await places.take();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, o.timeoutMs);
    const interrupt = () => controller.abort();
    o.signal?.addEventListener('abort', interrupt);
    try {
      if (o.signal?.aborted) throw new Interrupted();
      const res = await o.fetch(url, { redirect: 'manual', headers: { 'user-agent': o.userAgent, accept }, signal: controller.signal });
      const body = await res.text();
      return { answer: { url, status: res.status, location: res.headers.get('location'), body }, retryAfter: res.headers.get('retry-after') };
    } catch (e) {
      if (o.signal?.aborted) throw new Interrupted();
      if (timedOut) return { error: `no answer within ${o.timeoutMs} ms` };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.message ?? (e as Error).message;
      return { error: `connection failed: ${why}${cause?.code && !why.includes(cause.code) ? ` (${cause.code})` : ''}` };
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', interrupt);
      places.give();
    }
  };

  return {
    async get(url, accept) {
      for (let n = 0; ; n++) {
        const got = await attempt(url, accept);
        const ok = 'answer' in got && !retryable(got.answer.status);
        if (ok) return got.answer;
        const what = 'answer' in got ? `answered ${got.answer.status}` : got.error;
        if (n >= o.retries) throw new RequestFailed(`${what}${n > 0 ? ` (${n + 1} attempts)` : ''}`);
        // Waiting holds no place, so other citations go on meanwhile.
        try {
          await o.sleep(retryDelay('answer' in got ? got.retryAfter : null, n, o, o.now()), o.signal);
        } catch {
          throw new Interrupted();
        }
        if (o.signal?.aborted) throw new Interrupted();
      }
    },
  };
}

/** The real sleep: a timer, cut short by the signal. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Interrupted());
    const done = () => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

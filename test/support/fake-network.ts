import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for t.co, oEmbed and the Wayback CDX: node:http on 127.0.0.1, a port of its own.
// It logs every request and counts how many were under way at once. No test touches the network.

export type Reply = (url: URL, res: ServerResponse, req: IncomingMessage) => unknown;

export interface FakeServer {
  /** http://127.0.0.1:<port> */
  base: string;
  /** Each request's path and query, in order of arrival. */
  requests: string[];
  userAgents: string[];
  /** The most requests under way at one moment. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export async function startFake(reply: Reply): Promise<FakeServer> {
  let active = 0;
  const fake: FakeServer = {
    base: '',
    requests: [],
    userAgents: [],
    maxConcurrent: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    fake.requests.push(`${url.pathname}${url.search}`);
    fake.userAgents.push(req.headers['user-agent'] ?? '');
    active++;
    fake.maxConcurrent = Math.max(fake.maxConcurrent, active);
    // 'close' fires however the exchange ends: answered, reset, or abandoned by the client.
    res.on('close', () => active--);
    void reply(url, res, req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

// Each answers, and returns true: an override's way of saying it handled the request.
export const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): true => {
  res.writeHead(status, headers);
  res.end(body);
  return true;
};

export const json = (res: ServerResponse, status: number, data: unknown): true =>
  answer(res, status, { 'content-type': 'application/json' }, typeof data === 'string' ? data : JSON.stringify(data));

export const redirect = (res: ServerResponse, location: string): true => answer(res, 301, { location, 'content-type': 'text/html' });

/** One of the bundled article's tweets, as the fake services describe it. */
export interface FakeTweet {
  code: string;
  handle: string;
  name: string;
  /** A plausible id whose time is on 2022-01-21 (the fakes are not a record of the real tweets). */
  id: string;
  time: string;
  text: string;
  lang: string;
  /** The host t.co's answer names. */
  host: 'twitter.com' | 'x.com';
}

/** The bundled article's three tweets: codes, handles and texts as the article has them. */
export const BUNDLED_TWEETS: FakeTweet[] = [
  {
    code: 'i7asX0525C',
    handle: 'Mustafa5g4d2k8u',
    name: 'Mustafa AL Dulaimi',
    id: '1484461126309265185',
    time: '2022-01-21T09:41:27.123Z',
    text: '#سوريا إستمرار الاشتباكات في محيط سجن غويران في الحسكة السورية بين عناصر د١عش وقوات سوريا الديمقراطية المدعومة أمريكياً. pic.twitter.com/i7asX0525C',
    lang: 'ar',
    host: 'twitter.com',
  },
  {
    code: 'sRFnMHOkDB',
    handle: 'Hanzpal2',
    name: 'Hanzala',
    id: '1484512536723865377',
    time: '2022-01-21T13:05:44.321Z',
    text: 'هجوم تنظيم الدولة على سجن غويران بالحسكة السورية هو الاعنف للتنظيم منذ سنوات باعتقادي. الهجوم استمر ساعات pic.twitter.com/sRFnMHOkDB',
    lang: 'ar',
    host: 'twitter.com',
  },
  {
    code: 'fua89uC5wV',
    handle: 'sebusher',
    name: 'sebastian usher',
    id: '1484488445207920417',
    time: '2022-01-21T11:30:00.456Z',
    text: '#Isis #Syria #Iraq : Mass breakout attempt by Isis in one of largest prisons holding its members in al-Hasakeh in north-eastern Syria leaves 18 SDF security forces dead, at least 16 Isis members too #ٱلْحَسَكَة #سُورِيَا pic.twitter.com/fua89uC5wV',
    lang: 'en',
    host: 'x.com',
  },
];

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The oEmbed answer's HTML, shaped as publish.twitter.com writes it (links as anchors, no script). */
export function oembedHtml(t: Pick<FakeTweet, 'text' | 'lang' | 'name' | 'handle' | 'id'>): string {
  const words = escapeHtml(t.text)
    .replace(/pic\.twitter\.com\/(\w+)/g, '<a href="https://t.co/$1">pic.twitter.com/$1</a>')
    .replace(
      /(^|\s)#([\p{L}\p{M}\p{N}_]+)/gu,
      (_, space, tag) => `${space}<a href="https://twitter.com/hashtag/${encodeURIComponent(tag)}?src=hash&amp;ref_src=twsrc%5Etfw">#${tag}</a>`,
    );
  return (
    `<blockquote class="twitter-tweet" data-dnt="true"><p lang="${t.lang}" dir="${t.lang === 'ar' ? 'rtl' : 'ltr'}">${words}</p>` +
    `&mdash; ${escapeHtml(t.name)} (@${t.handle}) <a href="https://twitter.com/${t.handle}/status/${t.id}?ref_src=twsrc%5Etfw">January 21, 2022</a></blockquote>\n`
  );
}

export interface WorldOptions {
  tweets?: FakeTweet[];
  /** CDX captures by `<host>/<handle>/status/<id>`: [timestamp, original] rows. */
  captures?: Record<string, [string, string][]>;
  /** Answers that replace the usual one for a path or a query's url parameter; return true when handled. */
  override?: (url: URL, res: ServerResponse, req: IncomingMessage) => boolean | Promise<boolean>;
}

/** t.co, oEmbed and the CDX as they answer a plain client, for the given tweets, on one fake server. */
export function world(o: WorldOptions = {}): Reply {
  const tweets = o.tweets ?? BUNDLED_TWEETS;
  return async (url, res, req) => {
    if (o.override && (await o.override(url, res, req))) return;
    if (url.pathname === '/oembed') {
      const asked = url.searchParams.get('url') ?? '';
      const t = tweets.find((x) => asked.endsWith(`/status/${x.id}`));
      if (!t) return json(res, 404, '');
      return json(res, 200, {
        url: `https://twitter.com/${t.handle}/status/${t.id}`,
        author_name: t.name,
        author_url: `https://twitter.com/${t.handle}`,
        html: oembedHtml(t),
        type: 'rich',
        provider_name: 'Twitter',
        version: '1.0',
      });
    }
    if (url.pathname === '/cdx/search/cdx') {
      const rows = o.captures?.[url.searchParams.get('url') ?? ''] ?? [];
      return json(res, 200, rows.length === 0 ? [] : [['timestamp', 'original', 'statuscode'], ...rows.map(([ts, orig]) => [ts, orig, '200'])]);
    }
    const t = tweets.find((x) => url.pathname === `/${x.code}`);
    if (t) return redirect(res, `https://${t.host}/${t.handle}/status/${t.id}/photo/1`);
    answer(res, 404, { 'content-type': 'text/html' }, '<h1>Not Found</h1>');
  };
}

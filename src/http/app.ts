import { type Context, Hono } from 'hono';
import { type Bindings, readSiteConfig } from '../config';
import type { CompiledContent, SiteConfig } from '../model';
import { FEED_PATHS } from '../urls';
import { isNotModified } from './conditional';
import { cacheApiEdge, type EdgeCache } from './edge-cache';
import { cacheHeaders, NO_STORE, NOSNIFF, PAGE_POLICIES } from './headers';
import { createRepresenter, isPage, type RenderRoute, type Route, routeKey } from './represent';
import type { Representation } from './representation';

export interface AppOptions {
  content: CompiledContent;
  /** Replaced in tests to count renders. */
  render?: RenderRoute;
  /** The edge cache for a request; by default caches.default, none where there is no Cache API. */
  edgeCache?: (waitUntil: (p: Promise<unknown>) => void) => EdgeCache | null;
}

type Env = { Bindings: Bindings };
const ALLOW = 'GET, HEAD';

/** Headers of a 200 and of its 304, built once per representation rather than per request. */
interface Prepared {
  ok: Headers;
  notModified: Headers;
}

/** Builds the Worker: feeds and pages of `content`, rendered once, cached, with conditional GET. */
export function createApp(options: AppOptions): Hono<Env> {
  const { content } = options;
  const representer = createRepresenter(content, options.render);
  const slugs = new Set(content.articles.map((a) => a.slug));
  const configs = new WeakMap<Bindings, { site: SiteConfig; fingerprint: string }>();
  const prepared = new WeakMap<Representation, Prepared>();
  const edgeCache = options.edgeCache ?? ((waitUntil) => (typeof caches === 'undefined' ? null : cacheApiEdge(caches.default, waitUntil)));

  const siteOf = (env: Bindings) => {
    let entry = configs.get(env);
    if (!entry) {
      const site = readSiteConfig(env);
      configs.set(env, (entry = { site, fingerprint: fnv1a(JSON.stringify(site)) }));
    }
    return entry;
  };

  const prepare = (rep: Representation, site: SiteConfig, route: Route): Prepared => {
    let p = prepared.get(rep);
    if (!p) {
      const shared: [string, string][] = [
        ...cacheHeaders(site),
        ['ETag', rep.etag],
        ['Last-Modified', rep.lastModified],
        [...NOSNIFF],
        ...(isPage(route) ? PAGE_POLICIES : []),
      ];
      p = {
        notModified: new Headers(shared),
        ok: new Headers([['Content-Type', rep.contentType], ['Content-Length', String(rep.body.byteLength)], ...shared]),
      };
      prepared.set(rep, p);
    }
    return p;
  };

  /** Synchronous once rendered: the hot path allocates one Response and awaits nothing. */
  function serve(c: Context<Env>, route: Route): Response | Promise<Response> {
    const { site, fingerprint } = siteOf(c.env);
    const key = `${fingerprint}/${routeKey(route)}`;
    const rep = representer.peek(key);
    if (rep) return respond(c, rep, site, route);
    return representer
      .load(key, route, site, fingerprint, () => {
        const cache = edgeCache((p) => waitUntil(c, p));
        // One entry per route: no query string or Host in it, and the content version, so a
        // deploy with new content never meets an old entry. The host is the configured one.
        return cache && { cache, key: new URL(`/__nashra/${content.version}/${key}`, site.baseUrl).href };
      })
      .then((loaded) => (loaded ? respond(c, loaded, site, route) : notFound(c)));
  }

  function respond(c: Context<Env>, rep: Representation, site: SiteConfig, route: Route): Response {
    const headers = prepare(rep, site, route);
    if (isNotModified(c.req.raw.headers, rep.etag, rep.lastModified, Date.now)) {
      return new Response(null, { status: 304, headers: headers.notModified });
    }
    return new Response(c.req.method === 'HEAD' ? null : rep.body, { status: 200, headers: headers.ok });
  }

  const app = new Hono<Env>();
  const routes: [string, (c: Context<Env>) => Route | null][] = [
    ['/', () => ({ kind: 'index' })],
    [`/${FEED_PATHS.rss}`, () => ({ kind: 'rss' })],
    [`/${FEED_PATHS.atom}`, () => ({ kind: 'atom' })],
    [`/${FEED_PATHS.json}`, () => ({ kind: 'json' })],
    [
      '/articles/:slug',
      (c) => {
        const slug = c.req.param('slug') ?? '';
        return slugs.has(slug) ? { kind: 'article', slug } : null;
      },
    ],
  ];
  // A path answers by what it names: a page that does not exist is 404 whatever the method
  // (RFC 9110 §15.5.5); only an existing one says which methods it allows (§15.5.6, §9.3.7).
  for (const [path, toRoute] of routes) {
    app.all(path, (c) => {
      const route = toRoute(c);
      if (!route) return notFound(c);
      switch (c.req.method) {
        case 'GET':
        case 'HEAD':
          return serve(c, route);
        case 'OPTIONS':
          return new Response(null, { status: 204, headers: [['Allow', ALLOW], [...NO_STORE], [...NOSNIFF]] });
        default:
          return plain(405, '405 Method Not Allowed\n', [['Allow', ALLOW]]);
      }
    });
  }
  app.notFound(notFound);
  app.onError((error) => {
    console.error(error);
    return plain(500, '500 Internal Server Error\n');
  });
  return app;
}

function waitUntil(c: Context<Env>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No ExecutionContext (app.request in a unit test): the promise runs on its own.
  }
}

function plain(status: number, text: string, extra: [string, string][] = []): Response {
  return new Response(text, { status, headers: [['Content-Type', 'text/plain; charset=utf-8'], [...NO_STORE], [...NOSNIFF], ...extra] });
}

const NOT_FOUND_PAGE = new TextEncoder().encode(
  '<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>Not found</title>\n<p>404 — not found. <a href="/">Home</a></p>\n</html>\n',
);

const NOT_FOUND_HEADERS: [string, string][] = [
  ['Content-Type', 'text/html; charset=utf-8'],
  ['Content-Length', String(NOT_FOUND_PAGE.byteLength)],
  [...NO_STORE],
  [...NOSNIFF],
  ...PAGE_POLICIES,
];

/** HEAD gets the GET headers, Content-Length included (RFC 9110 §9.3.2). */
function notFound(c: Context<Env>): Response {
  return new Response(c.req.method === 'HEAD' ? null : NOT_FOUND_PAGE, { status: 404, headers: NOT_FOUND_HEADERS });
}

/** 32-bit FNV-1a, hex: a short, stable name for a configuration inside cache keys. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

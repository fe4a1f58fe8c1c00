import { type Context, Hono } from 'hono';
import { type Bindings, ConfigError, readSiteConfig } from '../config';
import { fnv1aUnits, hex8 } from '../hash';
import type { Manifest, SiteConfig } from '../model';
import { createStore, type Store } from '../store/read-store';
import { langKey, parseRoute, type Route, routePath, siteUrl, tagKey } from '../urls';
import { cacheTags } from './cache-tags';
import { isNotModified } from './conditional';
import { cacheApiEdge, type EdgeCache } from './edge-cache';
import { cacheHeaders, NO_STORE, NOSNIFF, PAGE_POLICIES } from './headers';
import { createRepresenter, type RenderRoute } from './represent';
import type { Representation } from './representation';

export interface AppOptions {
  /** What the bundle holds (generated/content.ts). */
  manifest: Manifest;
  /** The store of the rest of the archive; by default read through the ASSETS binding. */
  store?: (env: Bindings) => Store | null;
  /** Replaced in tests to count renders. */
  render?: RenderRoute;
  /** Bytes of rendered routes an isolate keeps (represent.ts); smaller in tests. */
  keptBytes?: number;
  /** The edge cache for a request; by default caches.default, none where there is no Cache API. */
  edgeCache?: (waitUntil: (p: Promise<unknown>) => void) => EdgeCache | null;
}

type Env = { Bindings: Bindings };
// What a page allows (RFC 9110 §10.2.1): OPTIONS is answered too.
const ALLOW = 'GET, HEAD, OPTIONS';
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

/** Headers of a 200 and of its 304, built once per representation rather than per request. */
interface Prepared {
  ok: Headers;
  notModified: Headers;
}

/** Builds the Worker: feeds and pages of the archive, rendered once, cached, with conditional GET. */
export function createApp(options: AppOptions): Hono<Env> {
  const { manifest } = options;
  const representer = createRepresenter(manifest, options.render, options.keptBytes);
  const configs = new WeakMap<Bindings, { site: SiteConfig; fingerprint: string; store: Store | null }>();
  const prepared = new WeakMap<Representation, Prepared>();
  const edgeCache = options.edgeCache ?? ((waitUntil) => (typeof caches === 'undefined' ? null : cacheApiEdge(caches.default, waitUntil)));
  const storeOf = options.store ?? ((env: Bindings) => (env.ASSETS ? createStore(env.ASSETS, manifest.layout) : null));
  // The languages the site publishes are few and in the bundle: another names nothing, and its key
  // never reaches the store (where a key with a tab names a feed's bodies, not a feed).
  const languages = new Set(manifest.languages.map((topic) => topic.key));

  /** Routes that exist whatever the store holds: the site's feeds, the index's first page. */
  const inBundle = (route: Route): boolean =>
    route.kind === 'citations-about' ||
    (route.kind === 'feed' && route.scope.kind === 'site') ||
    (route.kind === 'list' && route.scope.kind === 'site' && route.page === 1);

  const siteOf = (env: Bindings) => {
    let entry = configs.get(env);
    if (!entry) {
      const site = readSiteConfig(env);
      configs.set(env, (entry = { site, fingerprint: hex8(fnv1aUnits(JSON.stringify(site))), store: storeOf(env) }));
    }
    return entry;
  };

  const prepare = (rep: Representation, route: Route, site: SiteConfig): Prepared => {
    let p = prepared.get(rep);
    if (!p) {
      const shared: [string, string][] = [
        ...cacheHeaders(site),
        ['Cache-Tag', cacheTags(site.baseUrl, route).join(',')],
        ['ETag', rep.etag],
        ['Last-Modified', rep.lastModified],
        [...NOSNIFF],
        // HTML pages (everything but the feeds) get the pages' policies.
        ...(route.kind === 'feed' ? [] : PAGE_POLICIES),
      ];
      p = {
        notModified: new Headers(shared),
        ok: new Headers([['Content-Type', rep.contentType], ['Content-Length', String(rep.body.byteLength)], ...shared]),
      };
      prepared.set(rep, p);
    }
    return p;
  };

  /** The route's representation, loaded: read, rendered, or taken from the edge cache; null if there is no such page. */
  function load(c: Context<Env>, route: Route, key: string): Promise<Representation | null> {
    const { site, fingerprint, store } = siteOf(c.env);
    return representer.load(key, route, site, fingerprint, store, () => {
      const cache = edgeCache((p) => waitUntil(c, p));
      // One entry per route: no query string or Host in it, and the content version, so a
      // deploy with new content never meets an old entry. The host is the configured one.
      return cache && { cache, key: new URL(`/__nashra/${manifest.version}/${key}`, site.baseUrl).href };
    });
  }

  function respond(c: Context<Env>, rep: Representation, headers: Prepared): Response {
    if (isNotModified(c.req.raw.headers, rep.etag, rep.lastModified, Date.now)) {
      return new Response(null, { status: 304, headers: headers.notModified });
    }
    return new Response(c.req.method === 'HEAD' ? null : rep.body, { status: 200, headers: headers.ok });
  }

  const app = new Hono<Env>();
  app.all('*', (c): Response | Promise<Response> => {
    const method = c.req.method;
    const path = pathOf(c.req.url);
    const { site, fingerprint } = siteOf(c.env);
    // The memo is keyed by the path as requested: a page served before is one Map lookup and one
    // Response, with no parsing and no await.
    const key = `${fingerprint}${path}`;
    const hit = method === 'GET' || method === 'HEAD' ? representer.peek(key) : undefined;
    const ready = hit && prepared.get(hit);
    if (hit && ready) return respond(c, hit, ready);
    const parsed = parseRoute(path);
    if (!parsed) return notFound(c);
    const route = normalRoute(parsed);
    if (route.kind !== 'article' && route.kind !== 'citations-about' && route.scope.kind === 'lang' && !languages.has(route.scope.key)) return notFound(c);
    // One URL per page: a path written otherwise (percent-encoding, its hex digits' case, a tag's
    // case or Unicode form) is sent to the page's own URL, so that the page is rendered and kept
    // under one key only.
    if (path !== `/${routePath(route)}`) return redirect(site, route);
    if (method === 'GET' || method === 'HEAD') return load(c, route, key).then((rep) => (rep ? respond(c, rep, prepare(rep, route, site)) : notFound(c)));
    // A page that does not exist is 404 whatever the method; one that does allows GET, HEAD and OPTIONS.
    // Whether it exists is known without rendering for what the bundle holds.
    const exists = inBundle(route) || load(c, route, key).then((rep) => rep !== null);
    const answer = (found: boolean) => {
      if (!found) return notFound(c);
      if (method === 'OPTIONS') return new Response(null, { status: 204, headers: [['Allow', ALLOW], [...NO_STORE], [...NOSNIFF]] });
      return plain(405, '405 Method Not Allowed\n', [['Allow', ALLOW]]);
    };
    return exists === true ? answer(true) : exists.then(answer);
  });
  app.onError((error) => {
    // A bad configuration is an operator's to fix: one line naming each bad value, no stack.
    console.error(error instanceof ConfigError ? error.message : error);
    return plain(500, '500 Internal Server Error\n');
  });
  return app;
}

/** The route with its tag or language in normal form (a case, a Unicode form). */
function normalRoute(route: Route): Route {
  if ((route.kind !== 'feed' && route.kind !== 'list') || route.scope.kind === 'site') return route;
  const key = route.scope.kind === 'tag' ? tagKey(route.scope.key) : langKey(route.scope.key);
  return key === route.scope.key ? route : { ...route, scope: { ...route.scope, key } };
}

/** A permanent redirect to the route's normal URL, built from SITE_URL like every other. */
function redirect(site: SiteConfig, route: Route): Response {
  return new Response(null, { status: 301, headers: [['Location', siteUrl(site, routePath(route))], [...NO_STORE], [...NOSNIFF]] });
}

/** The path of a request URL, as sent (percent-encoded), without query or fragment. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  const end = url.indexOf('?', start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
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

/** 404, never cached; HEAD gets the GET's headers, Content-Length included (RFC 9110 §9.3.2). */
function notFound(c: Context<Env>): Response {
  return new Response(c.req.method === 'HEAD' ? null : NOT_FOUND_PAGE, { status: 404, headers: NOT_FOUND_HEADERS });
}

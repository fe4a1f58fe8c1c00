import { type Context, Hono } from 'hono';
import { type Bindings, readSiteConfig } from '../config';
import { FEED_PATHS } from '../feeds/build-feed-model';
import type { CompiledContent, SiteConfig } from '../model';
import { isNotModified } from './conditional';
import { cacheApiEdge, type EdgeCache } from './edge-cache';
import { cacheHeaders, NO_STORE } from './headers';
import { createRepresenter, type RenderRoute, type Route, routeKey } from './represent';

export interface AppOptions {
  content: CompiledContent;
  /** Replaced in tests to count renders. */
  render?: RenderRoute;
  /** The edge cache for a request; by default caches.default, none where it is missing. */
  edgeCache?: (waitUntil: (p: Promise<unknown>) => void) => EdgeCache | null;
}

type Env = { Bindings: Bindings };
const ALLOW = 'GET, HEAD';

/** Builds the Worker: feeds and pages of `content`, cached, with conditional GET. */
export function createApp(options: AppOptions): Hono<Env> {
  const { content } = options;
  const represent = createRepresenter(content, options.render);
  const slugs = new Set(content.articles.map((a) => a.slug));
  const configs = new WeakMap<Bindings, { site: SiteConfig; fingerprint: string }>();
  const edgeCache =
    options.edgeCache ?? ((waitUntil) => (typeof caches === 'undefined' ? null : cacheApiEdge(caches.default, waitUntil)));

  const siteOf = (env: Bindings) => {
    let entry = configs.get(env);
    if (!entry) {
      const site = readSiteConfig(env);
      configs.set(env, (entry = { site, fingerprint: fnv1a(JSON.stringify(site)) }));
    }
    return entry;
  };

  async function serve(c: Context<Env>, route: Route): Promise<Response> {
    const { site, fingerprint } = siteOf(c.env);
    const waitUntil = (p: Promise<unknown>) => {
      try {
        c.executionCtx.waitUntil(p);
      } catch {
        // No ExecutionContext (app.request in a unit test): let the promise run on its own.
      }
    };
    const cache = edgeCache(waitUntil);
    // One key per route: no query string or Host part, and the content version in it, so a
    // deploy with new content never meets an old entry. The host is the configured one.
    const key = new URL(`/__nashra/${content.version}/${fingerprint}/${routeKey(route)}`, site.baseUrl).href;
    const rep = await represent(route, site, fingerprint, cache ? { cache, key } : undefined);
    if (!rep) return notFound(c);
    const headers = new Headers({ ...cacheHeaders(site), ETag: rep.etag, 'Last-Modified': rep.lastModified });
    if (isNotModified(c.req.raw.headers, rep.etag, rep.lastModified)) {
      return new Response(null, { status: 304, headers });
    }
    headers.set('Content-Type', rep.contentType);
    headers.set('Content-Length', String(rep.body.byteLength));
    return new Response(c.req.method === 'HEAD' ? null : rep.body, { status: 200, headers });
  }

  const app = new Hono<Env>();
  app.use(async (c, next) => {
    await next();
    // Every response, errors included: never let a browser guess another type (XSS via sniffing).
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });

  const routes: [string, (c: Context<Env>) => Route | null][] = [
    ['/', () => ({ kind: 'index' })],
    [`/${FEED_PATHS.rss}`, () => ({ kind: 'rss' })],
    [`/${FEED_PATHS.atom}`, () => ({ kind: 'atom' })],
    [`/${FEED_PATHS.json}`, () => ({ kind: 'json' })],
    ['/articles/:slug', (c) => {
      const slug = c.req.param('slug') ?? '';
      return slugs.has(slug) ? { kind: 'article', slug } : null;
    }],
  ];
  for (const [path, toRoute] of routes) {
    app.on(['GET', 'HEAD'], path, (c) => {
      const route = toRoute(c);
      return route ? serve(c, route) : notFound(c);
    });
    app.on('OPTIONS', path, () => new Response(null, { status: 204, headers: { Allow: ALLOW, ...NO_STORE } }));
    app.all(path, () =>
      new Response('405 Method Not Allowed\n', { status: 405, headers: { Allow: ALLOW, 'Content-Type': 'text/plain; charset=utf-8', ...NO_STORE } }),
    );
  }
  app.notFound(notFound);
  app.onError((error) => {
    console.error(error);
    return new Response('500 Internal Server Error\n', { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...NO_STORE } });
  });
  return app;
}

function notFound(c: Context<Env>): Response {
  const body = c.req.method === 'HEAD' ? null : '<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>Not found</title>\n<p>404 — not found. <a href="/">Home</a></p>\n</html>\n';
  return new Response(body, { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE } });
}

/** 32-bit FNV-1a, hex: a short, stable name for a configuration inside cache keys. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

import { buildFeedModel } from '../feeds/build-feed-model';
import type { FeedModel } from '../feeds/feed-model';
import { utf8 } from '../feeds/byte-writer';
import { renderAtom } from '../feeds/render-atom';
import { renderJsonFeed } from '../feeds/render-json-feed';
import { renderRss } from '../feeds/render-rss';
import type { CompiledContent, SiteConfig } from '../model';
import { renderArticlePage, renderIndexPage } from '../pages/render-pages';
import type { EdgeCache } from './edge-cache';
import type { Representation } from './representation';

export type Route = { kind: 'rss' | 'atom' | 'json' | 'index' } | { kind: 'article'; slug: string };

export const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  index: 'text/html; charset=utf-8',
  article: 'text/html; charset=utf-8',
} as const;

/** The routes a browser shows as documents: HTML pages, which get the pages' policies. */
export function isPage(route: Route): boolean {
  return route.kind === 'index' || route.kind === 'article';
}

export function routeKey(route: Route): string {
  return route.kind === 'article' ? `articles/${route.slug}` : route.kind;
}

/** Renders a route to UTF-8; the seam where tests count renders. */
export type RenderRoute = (route: Route, content: CompiledContent, site: SiteConfig, feed: () => FeedModel) => Rendered | null;
type Rendered = { body: Uint8Array<ArrayBuffer>; updated: string };

export const renderRoute: RenderRoute = (route, content, site, feed) => {
  switch (route.kind) {
    case 'rss':
      return { body: renderRss(feed()), updated: feed().updated };
    case 'atom':
      return { body: renderAtom(feed()), updated: feed().updated };
    case 'json':
      return { body: renderJsonFeed(feed()), updated: feed().updated };
    case 'index': {
      const newest = content.articles.reduce((n, a) => (a.updated > n ? a.updated : n), '1970-01-01T00:00:00Z');
      return { body: utf8(renderIndexPage(content, site)), updated: newest };
    }
    case 'article': {
      const article = content.articles.find((a) => a.slug === route.slug);
      return article ? { body: utf8(renderArticlePage(article, site)), updated: article.updated } : null;
    }
  }
};

/**
 * Renders each route at most once per content version and configuration in this isolate. `peek`
 * is the hot path (a Map lookup); `load` renders on a miss, or takes the edge cache's copy, and
 * shares one promise between concurrent first requests.
 */
export function createRepresenter(content: CompiledContent, render: RenderRoute = renderRoute) {
  const ready = new Map<string, Representation>();
  const loading = new Map<string, Promise<Representation | null>>();
  const feeds = new Map<string, FeedModel>();

  async function produce(route: Route, site: SiteConfig, fingerprint: string, edge?: () => { cache: EdgeCache; key: string } | null) {
    // A new isolate first looks in the edge cache, so only one isolate per location renders.
    const shared = edge?.() ?? null;
    const cached = shared ? await shared.cache.get(shared.key) : null;
    if (cached) return cached;
    const feed = () => {
      let model = feeds.get(fingerprint);
      if (!model) feeds.set(fingerprint, (model = buildFeedModel(content, site)));
      return model;
    };
    const rep = await represent(render(route, content, site, feed), CONTENT_TYPES[route.kind]);
    if (rep && shared) shared.cache.put(shared.key, rep);
    return rep;
  }

  return {
    peek: (key: string): Representation | undefined => ready.get(key),
    load(
      key: string,
      route: Route,
      site: SiteConfig,
      fingerprint: string,
      edge?: () => { cache: EdgeCache; key: string } | null,
    ): Promise<Representation | null> {
      let pending = loading.get(key);
      if (!pending) {
        // Only pages that exist are kept (unknown slugs must not grow memory); failures are not
        // kept either, so the next request tries again.
        pending = produce(route, site, fingerprint, edge)
          .then((rep) => {
            if (rep) ready.set(key, rep);
            return rep;
          })
          .finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      return pending;
    },
  };
}

async function represent(rendered: Rendered | null, contentType: string): Promise<Representation | null> {
  if (!rendered) return null;
  const { body } = rendered;
  return {
    body,
    contentType,
    etag: `"${await sha256Hex(body)}"`,
    lastModified: new Date(rendered.updated).toUTCString(),
  };
}

/** The first 128 bits of the SHA-256, hex: plenty for an entity tag. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

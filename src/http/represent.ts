import { buildFeedModel, entriesHold } from '../feeds/build-feed-model';
import { utf8 } from '../feeds/byte-writer';
import type { FeedModel } from '../feeds/feed-model';
import { renderAtom } from '../feeds/render-atom';
import { renderJsonFeed } from '../feeds/render-json-feed';
import { renderRss } from '../feeds/render-rss';
import type { Article, ArticleHead, FeedSource, ListPage, Manifest, SiteConfig, Topic } from '../model';
import { CITATIONS_FORMAT_CHANGED, renderCitationsAboutPage } from '../pages/render-about';
import { renderArticlePage, renderListPage } from '../pages/render-pages';
import { Lru } from '../store/lru';
import { decodeArticle, decodeFeedObject, decodeListPage, feedBodiesKey, feedKey, listKey, withBodies } from '../store/objects';
import { type Store, StoreError } from '../store/read-store';
import { type FeedFormat, type Route, routePath, type Scope } from '../urls';
import type { EdgeCache } from './edge-cache';
import type { Representation } from './representation';

const CONTENT_TYPES: Record<FeedFormat | 'html', string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A route's name among the kept feed models: its path, which is unique to it. */
function routeKey(route: Route): string {
  return `/${routePath(route)}`;
}

/** What a route is made of, read from the bundle or the store. */
export type RouteData =
  | { kind: 'feed'; format: FeedFormat; model: FeedModel }
  | { kind: 'list'; scope: Scope; topic: Topic | null; list: ListPage }
  | { kind: 'article'; article: Article }
  | { kind: 'citations-about' };

/** Renders a route's data to UTF-8; the seam where tests count renders. */
export type RenderRoute = (data: RouteData, site: SiteConfig) => Rendered;
type Rendered = { body: Uint8Array<ArrayBuffer>; updated: string };

export const renderRoute: RenderRoute = (data, site) => {
  switch (data.kind) {
    case 'feed': {
      const write = data.format === 'rss' ? renderRss : data.format === 'atom' ? renderAtom : renderJsonFeed;
      return { body: write(data.model), updated: data.model.updated };
    }
    case 'list':
      return { body: utf8(renderListPage(data.list, data.scope, data.topic, site)), updated: data.list.updated };
    case 'article':
      return { body: utf8(renderArticlePage(data.article, site)), updated: data.article.updated };
    case 'citations-about':
      return { body: utf8(renderCitationsAboutPage(site)), updated: CITATIONS_FORMAT_CHANGED };
  }
};

// What an isolate keeps, whatever it is asked for (Workers give an isolate 128 MB): the rendered
// routes, least recently used first out, and the feed models their formats are written from.
// The hot routes (the site's feeds and index) stay because they are asked for all the time.
const KEPT_BYTES = 12 * 1024 * 1024;
const KEPT_FEED_MODEL_BYTES = 6 * 1024 * 1024;

/** Where a route's data comes from: the bundle's manifest, and the store for the rest of the archive. */
export interface Sources {
  manifest: Manifest;
  /** Null where the Worker has no ASSETS binding: only what the bundle holds is served. */
  store: Store | null;
}

/**
 * Renders each route at most once per content version and configuration in this isolate, and
 * keeps what it rendered within KEPT_BYTES. `peek` is the hot path (a Map lookup); `load` reads
 * the route's data, renders it or takes the edge cache's copy, and shares one promise between
 * concurrent first requests. A route that does not exist loads as null; a store that fails
 * rejects, and nothing of it is kept.
 */
export function createRepresenter(manifest: Manifest, render: RenderRoute = renderRoute, keptBytes = KEPT_BYTES) {
  // Weighed by the memory they hold: a body can be a view of a larger buffer (ByteWriter), and a
  // feed model's entries a view of its whole feed object, bodies' JSON included.
  const ready = new Lru<string, Representation>(keptBytes, (rep) => rep.body.buffer.byteLength);
  const loading = new Map<string, Promise<Representation | null>>();
  const models = new Lru<string, FeedModel>(KEPT_FEED_MODEL_BYTES, (model) => model.bytes.buffer.byteLength);

  /**
   * The feed model of `scope`: the site's from the bundle's entries, a tag's or a language's from
   * the store. The site's feed object in the store is read only when the bundle's entries do not
   * hold for this configuration (another SITE_LANG or SITE_AUTHOR than the build's); a feed's
   * bodies, which such entries are written from, are read only then.
   */
  async function feedModel(scope: Scope, site: SiteConfig, fingerprint: string, store: Store | null): Promise<FeedModel | null> {
    const key = `${fingerprint}${routeKey({ kind: 'list', scope, page: 1 })}`;
    let model = models.get(key);
    if (!model) {
      if (scope.kind === 'site' && entriesHold(manifest.newest, site)) model = buildFeedModel(manifest.newest, site);
      else {
        const from = needStore(store);
        const name = `feeds:${feedKey(scope)}`;
        const bytes = await from.get('feeds', feedKey(scope));
        // The site's feed exists whatever the archive holds: its object missing is a damaged store (500), not a 404.
        if (!bytes && scope.kind === 'site') throw new StoreError(`nashra: store object ${name} is missing from its pack`);
        if (!bytes) return null;
        const { topic, source } = decodeFeedObject(bytes, name);
        model = buildFeedModel(entriesHold(source, site) ? source : await withStoredBodies(from, scope, source), site, scope, topic);
      }
      models.set(key, model);
    }
    return model;
  }

  async function routeData(route: Route, site: SiteConfig, fingerprint: string, store: Store | null): Promise<RouteData | null> {
    switch (route.kind) {
      case 'feed': {
        const model = await feedModel(route.scope, site, fingerprint, store);
        return model && { kind: 'feed', format: route.format, model };
      }
      case 'list': {
        const { scope, page } = route;
        if (scope.kind === 'site' && page === 1) return { kind: 'list', scope, topic: null, list: manifest.index };
        const key = listKey(scope, page);
        const bytes = await needStore(store).get('lists', key);
        if (!bytes) return null;
        const { topic, ...list } = decodeListPage(bytes, `lists:${key}`);
        return { kind: 'list', scope, topic, list };
      }
      case 'article': {
        const bytes = await needStore(store).get('articles', route.slug);
        return bytes && { kind: 'article', article: decodeArticle(bytes, `articles:${route.slug}`) };
      }
      case 'citations-about':
        return { kind: 'citations-about' };
    }
  }

  async function produce(route: Route, site: SiteConfig, fingerprint: string, store: Store | null, edge?: () => { cache: EdgeCache; key: string } | null) {
    // A new isolate first looks in the edge cache, so only one isolate per location renders.
    // The cache is an optimisation: whatever it does (throw, reject, hang up) costs a render,
    // never the request (README, "Caching"); this is the caller that promises it.
    const shared = attempt(() => edge?.() ?? null, null);
    const cached = shared ? await lookUp(shared.cache, shared.key) : null;
    if (cached) return cached;
    const data = await routeData(route, site, fingerprint, store);
    if (!data) return null;
    const rep = await represent(render(data, site), data.kind === 'feed' ? CONTENT_TYPES[data.format] : CONTENT_TYPES.html);
    if (shared) attempt(() => shared.cache.put(shared.key, rep), undefined);
    return rep;
  }

  return {
    peek: (key: string): Representation | undefined => ready.get(key),
    load(
      key: string,
      route: Route,
      site: SiteConfig,
      fingerprint: string,
      store: Store | null,
      edge?: () => { cache: EdgeCache; key: string } | null,
    ): Promise<Representation | null> {
      // Kept already, by a request that did not prepare its headers (another method than GET).
      const kept = ready.get(key);
      if (kept) return Promise.resolve(kept);
      let pending = loading.get(key);
      if (!pending) {
        // Only routes that exist are kept, within the budget (unknown paths must not grow
        // memory); failures are not kept either, so the next request tries again.
        pending = produce(route, site, fingerprint, store, edge)
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

/** A feed's source with its articles' bodies, for entries that must be written when serving. */
async function withStoredBodies(store: Store, scope: Scope, source: FeedSource<ArticleHead>): Promise<FeedSource> {
  const key = feedBodiesKey(scope);
  const bytes = await store.get('feeds', key);
  if (!bytes) throw new StoreError(`nashra: store object feeds:${feedKey(scope)} has no bodies in its pack`);
  return withBodies(source, bytes, `feeds:${key}`);
}

function needStore(store: Store | null): Store {
  if (!store) throw new Error('nashra: this route needs the store, and the Worker has no ASSETS binding (wrangler.toml [assets])');
  return store;
}

/** `run()`, or `fallback` when it throws: for the edge cache, which may fail in any way. */
function attempt<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    return cacheFailed(error, fallback);
  }
}

async function lookUp(cache: EdgeCache, key: string): Promise<Representation | null> {
  try {
    return await cache.get(key);
  } catch (error) {
    return cacheFailed(error, null);
  }
}

function cacheFailed<T>(error: unknown, fallback: T): T {
  console.warn('nashra: the edge cache failed; rendering instead:', error);
  return fallback;
}

async function represent(rendered: Rendered, contentType: string): Promise<Representation> {
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

import { ContentError, type Diagnostic } from '../content/diagnostics';
import { prerenderEntries } from '../feeds/prerender-entries';
import type { Article, ArticleHead, FeedSource, ListItem, Manifest, Topic } from '../model';
import { encodePack } from '../store/pack';
import { type Family, packNumber, packPath, type StoreLayout } from '../store/read-store';
import { langKey, PAGE_SIZE, SITE, type Scope, tagKey } from '../urls';
import { encodeFeedObject, feedKey, feedObjectEntries, headOf, listKey, type TopicPage } from '../store/objects';

// How the compiled articles become what the Worker serves from (issue 10): a bundle that holds
// only what the hot routes need (the newest articles, the index's first page, the layout of the
// store) and a store of packs for everything else (src/store). Pure: the compile script does the
// reading, the caching and the writing, and tests assemble archives in memory with the same code.

/** What the lists and feeds need of an article: all but its body. */
export interface ArticleMeta {
  slug: string;
  id: string | null;
  title: string;
  date: string;
  updated: string;
  summary: string;
  lang: string | null;
  tags: string[];
  file: string;
}

export interface ArchiveOptions {
  /** SITE_LANG, SITE_AUTHOR and FEED_ITEMS as the build read them (wrangler.toml). */
  siteLang: string;
  siteAuthor: string;
  feedItems: number;
}

/** The archive's structure, from the articles' metadata alone: cheap to recompute on every build. */
export interface ArchivePlan {
  /** Newest first (by date, then slug). */
  order: ArticleMeta[];
  /** Every list page by store key (list/...): the index's, each tag's, each language's. */
  lists: Map<string, TopicPage>;
  /**
   * Each feed's object by store key: the site's (topic null; read only when the bundle's entries
   * do not hold for the Worker's configuration), each tag's and each language's, with the slugs
   * it lists, newest first.
   */
  feeds: Map<string, { topic: Topic | null; slugs: string[] }>;
  tags: Topic[];
  languages: Topic[];
  layout: StoreLayout;
}

// Objects per pack, by family: an article page reads one pack of about 32 articles (~250 KB of
// JSON at the bundled article's size); a feed object (up to FEED_ITEMS articles, ~1.7 MB) is
// alone in its pack. At 100,000 articles that is about 4,100 + 1,000 + a few hundred files, well
// within Workers Static Assets' 20,000 a version.
const PER_PACK: Record<Family, number> = { articles: 32, lists: 16, feeds: 1 };

/** Newest first; the slug breaks ties, so the order never depends on the file system. */
export function byNewest(a: { date: string; slug: string }, b: { date: string; slug: string }): number {
  return a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date < b.date ? 1 : -1;
}

export function metaOf(article: Article): ArticleMeta {
  const { slug, id, title, date, updated, summary, lang, tags, file } = article;
  return { slug, id, title, date, updated, summary, lang, tags, file };
}

/**
 * Plans the archive, or throws ContentError listing every collision: two articles with one slug
 * or one id, or two spellings of a tag that one URL would serve (case, Unicode normalisation).
 */
export function planArchive(metas: readonly ArticleMeta[], options: ArchiveOptions): ArchivePlan {
  const errors: Diagnostic[] = [];
  const order = [...metas].sort((a, b) => (a.file < b.file ? -1 : 1));
  const firstBySlug = new Map<string, ArticleMeta>();
  const firstById = new Map<string, ArticleMeta>();
  const tagSpelling = new Map<string, { name: string; file: string }>();
  for (const meta of order) {
    const other = firstBySlug.get(meta.slug);
    if (other) errors.push({ file: meta.file, line: 1, message: `slug "${meta.slug}" is already used by ${other.file}` });
    else firstBySlug.set(meta.slug, meta);
    if (meta.id !== null) {
      const same = firstById.get(meta.id);
      if (same) errors.push({ file: meta.file, line: 1, message: `id "${meta.id}" is already used by ${same.file}` });
      else firstById.set(meta.id, meta);
    }
    for (const tag of meta.tags) {
      const key = tagKey(tag);
      // A path segment of dots is resolved away by every URL parser (RFC 3986 §5.2.4).
      if (key === '.' || key === '..') {
        errors.push({ file: meta.file, line: 1, message: `tag "${tag}" cannot be a URL: use words` });
        continue;
      }
      const seen = tagSpelling.get(key);
      if (!seen) tagSpelling.set(key, { name: tag, file: meta.file });
      else if (seen.name !== tag) {
        errors.push({
          file: meta.file,
          line: 1,
          message: `tag "${tag}" has the URL of tag "${seen.name}" in ${seen.file} (/tags/${encodeURIComponent(key)}/): write it the same way in both`,
        });
      }
    }
  }
  if (errors.length > 0) throw new ContentError(errors);
  order.sort(byNewest);

  // Each list: the index, each tag's, each language's, with its articles newest first.
  // The index exists, empty or not.
  const groups = new Map<string, { scope: Scope; topic: Topic | null; metas: ArticleMeta[] }>([[listKey(SITE, 0), { scope: SITE, topic: null, metas: [] }]]);
  const join = (scope: Scope, name: string | null, meta: ArticleMeta) => {
    const id = listKey(scope, 0);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { scope, topic: scope.kind === 'site' ? null : { key: scope.key, name: name!, count: 0 }, metas: [] }));
    group.metas.push(meta);
    if (group.topic) group.topic.count++;
  };
  for (const meta of order) {
    join({ kind: 'site' }, null, meta);
    for (const key of new Set(meta.tags.map(tagKey))) join({ kind: 'tag', key }, tagSpelling.get(key)!.name, meta);
    const lang = meta.lang ?? options.siteLang;
    join({ kind: 'lang', key: langKey(lang) }, lang, meta);
  }

  const lists = new Map<string, TopicPage>();
  const feeds = new Map<string, { topic: Topic | null; slugs: string[] }>();
  for (const group of groups.values()) {
    const pages = Math.max(1, Math.ceil(group.metas.length / PAGE_SIZE));
    for (let page = 1; page <= pages; page++) {
      const shown = group.metas.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      lists.set(listKey(group.scope, page), { topic: group.topic, page, pages, updated: newest(shown), items: shown.map(listItem) });
    }
    feeds.set(feedKey(group.scope), { topic: group.topic, slugs: group.metas.slice(0, options.feedItems).map((m) => m.slug) });
  }
  const topics = (kind: 'tag' | 'lang') =>
    [...groups.values()]
      .filter((g) => g.scope.kind === kind)
      .map((g) => g.topic!)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  const packs = (family: Family, count: number) => nextPowerOfTwo(Math.ceil(count / PER_PACK[family]));
  return {
    order,
    lists,
    feeds,
    tags: topics('tag'),
    languages: topics('lang'),
    layout: { articles: packs('articles', order.length), lists: packs('lists', lists.size), feeds: packs('feeds', feeds.size) },
  };
}

/** The objects of one pack of `family`, by key, in the layout of `plan`. */
export function packKeys(plan: ArchivePlan, family: Family): Map<number, string[]> {
  const keys = family === 'articles' ? plan.order.map((m) => m.slug) : family === 'lists' ? [...plan.lists.keys()] : [...plan.feeds.keys()];
  const byPack = new Map<number, string[]>();
  for (let n = 0; n < plan.layout[family]; n++) byPack.set(n, []);
  for (const key of keys) byPack.get(packNumber(plan.layout, family, key))!.push(key);
  return byPack;
}

/** A feed source for `articles` (newest first), their entries written ahead. */
export function feedSource(articles: readonly Article[], options: ArchiveOptions): FeedSource {
  const written = prerenderEntries({ articles: [...articles], bytes: new Uint8Array(0) }, options);
  return { articles: written.articles, bytes: written.bytes };
}

/** What the bundle's manifest takes from the plan: the index's first page, the languages, the layout. */
export type ManifestParts = Pick<Manifest, 'index' | 'languages' | 'layout'>;

export function manifestParts(plan: ArchivePlan): ManifestParts {
  const index = plan.lists.get(listKey({ kind: 'site' }, 1))!;
  return { index: { page: index.page, pages: index.pages, updated: index.updated, items: index.items }, languages: plan.languages, layout: plan.layout };
}

/**
 * The bundle's manifest: the newest articles written ahead (feedSource) without their bodies, the
 * index's first page, the layout.
 */
export function manifestOf(plan: ArchivePlan, newest: FeedSource<ArticleHead>, version: string): Manifest {
  return manifestFrom(manifestParts(plan), newest, version);
}

/** The same from the plan's parts (the compiler keeps them between builds: scripts/lib/archive-outline.ts). */
export function manifestFrom(parts: ManifestParts, newest: FeedSource<ArticleHead>, version: string): Manifest {
  return {
    version,
    newest: { articles: newest.articles.map(headOf), bytes: newest.bytes },
    index: parts.index,
    languages: parts.languages,
    layout: parts.layout,
  };
}

/** A feed's objects, by key. */
function feedObjects(key: string, topic: Topic | null, articles: readonly Article[], options: ArchiveOptions): [string, Uint8Array][] {
  return feedObjectEntries(key, encodeFeedObject({ topic, source: feedSource(articles, options) }));
}

/** The bytes of a list page object. */
export function listObjectBytes(page: TopicPage): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(page));
}

/** The bytes of an article object: its model as JSON, written ahead entries left out. */
export function articleObjectBytes(article: Article): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ ...article, rendered: null }));
}

export interface Archive {
  manifest: Manifest;
  /** Every pack of the store, by path. */
  packs: Map<string, Uint8Array>;
}

/** The whole archive in memory: what a clean compile writes, and what tests serve from. */
export function assembleArchive(articles: readonly Article[], version: string, options: ArchiveOptions): Archive {
  const plan = planArchive(articles.map(metaOf), options);
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const newest = plan.order.slice(0, options.feedItems).map((m) => bySlug.get(m.slug)!);
  const objectsOf: Record<Family, (key: string) => [string, Uint8Array][]> = {
    articles: (slug) => [[slug, articleObjectBytes(bySlug.get(slug)!)]],
    lists: (key) => [[key, listObjectBytes(plan.lists.get(key)!)]],
    feeds: (key) => {
      const feed = plan.feeds.get(key)!;
      return feedObjects(
        key,
        feed.topic,
        feed.slugs.map((s) => bySlug.get(s)!),
        options,
      );
    },
  };
  const packs = new Map<string, Uint8Array>();
  for (const family of ['articles', 'lists', 'feeds'] as const) {
    for (const [n, keys] of packKeys(plan, family)) packs.set(packPath(plan.layout, family, n), encodePack(new Map(keys.flatMap(objectsOf[family]))));
  }
  return { manifest: manifestOf(plan, feedSource(newest, options), version), packs };
}

function listItem(meta: ArticleMeta): ListItem {
  return { slug: meta.slug, title: meta.title, date: meta.date, summary: meta.summary, lang: meta.lang };
}

function newest(metas: readonly ArticleMeta[]): string {
  return metas.reduce((n, m) => (m.updated > n ? m.updated : n), '1970-01-01T00:00:00Z');
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

import type { Article, ArticleHead, FeedSource, SiteConfig, Topic } from '../model';
import { resolveMarkup } from '../render/html-pieces';
import { articleUrl, type FEED_PATHS, routePath, SITE, type Scope, siteUrl } from '../urls';
import { xmlSafe } from '../xml-chars';
import { feedItem } from './feed-item';
import type { FeedEntry, FeedItem, FeedModel } from './feed-model';
import { writtenAheadHolds } from './prerender-entries';
import { atomEntry } from './render-atom';
import { jsonItem } from './render-json-feed';
import { rssItem } from './render-rss';

/** The item in each format; its body's links made absolute and checked here, when serving. */
function writeEntry(item: FeedItem): FeedEntry {
  const live = { ...item, body: [xmlSafe(resolveMarkup(item.body, item.url))] };
  return { url: item.url, rss: rssItem(live), atom: atomEntry(live), json: jsonItem(live) };
}

/**
 * Whether every entry a feed of `source` lists was written ahead and holds for `site`: then the
 * feed is written from the entries alone, and the articles' bodies are not needed.
 */
export function entriesHold(source: FeedSource<ArticleHead>, site: SiteConfig): boolean {
  return source.articles.slice(0, site.feedItems).every((article) => writtenAheadHolds(article, articleUrl(site, article.slug), site));
}

/**
 * The newest `site.feedItems` articles of `source` as feed entries; URLs come only from the
 * configured base. `scope` says whose feed it is: the site's, or a tag's or a language's, whose
 * `topic` names it in the title, and whose page is the feed's home. An entry that does not hold
 * (writtenAheadHolds) is written from the article's body: a source of heads only (the bundle's)
 * must hold for all of them (entriesHold).
 */
export function buildFeedModel(source: FeedSource<ArticleHead>, site: SiteConfig, scope: Scope = SITE, topic: Topic | null = null): FeedModel {
  const listed = source.articles.slice(0, site.feedItems);
  const entries = listed.map((article): FeedEntry => {
    const url = articleUrl(site, article.slug);
    if (writtenAheadHolds(article, url, site)) return { url, ...article.rendered };
    if (!hasBody(article)) throw new Error(`nashra: the feed entry of ${article.file} must be written, and its body is not at hand`);
    return writeEntry(feedItem(article, url, site));
  });
  const updated = listed.reduce((newest, a) => (a.updated > newest ? a.updated : newest), '1970-01-01T00:00:00Z');
  const feedUrl = (format: keyof typeof FEED_PATHS) => siteUrl(site, routePath({ kind: 'feed', format, scope }));
  return {
    title: xmlSafe(feedTitle(site, scope, topic)),
    description: xmlSafe(site.description),
    lang: scope.kind === 'lang' && topic ? topic.name : site.lang,
    author: xmlSafe(site.author),
    homeUrl: siteUrl(site, routePath({ kind: 'list', scope, page: 1 })),
    urls: { rss: feedUrl('rss'), atom: feedUrl('atom'), json: feedUrl('json') },
    updated,
    ttl: Math.max(1, Math.ceil(site.maxAge / 60)),
    entries,
    bytes: source.bytes,
  };
}

/** A feed's title: the site's, or the topic's beside it (`#tag — Site`, `Site (ar)`). */
export function feedTitle(site: Pick<SiteConfig, 'title'>, scope: Scope, topic: Topic | null): string {
  if (!topic) return site.title;
  return scope.kind === 'tag' ? `#${topic.name} — ${site.title}` : `${site.title} (${topic.name})`;
}

function hasBody(article: ArticleHead): article is Article {
  return Array.isArray((article as Partial<Article>).blocks);
}

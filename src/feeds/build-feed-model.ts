import { citationJson, type CitationJson, relatedUrl } from '../citations/render-citation';
import type { Article, CompiledContent, EntryPiece, HtmlPiece, RenderedItem, SiteConfig } from '../model';
import { escapeHtml } from '../render/escape';
import { joinPieces } from '../render/html-pieces';
import { articleLanguage, articleTweets, renderBodyPieces, renderBodyText } from '../render/render-article';
import { xmlSafe } from '../xml-chars';
import { atomEntry } from './render-atom';
import { jsonItem } from './render-json-feed';
import { rssItem } from './render-rss';

/** What every feed format says, decided once; the renderers only write it out. */
export interface FeedModel {
  title: string;
  description: string;
  lang: string;
  author: string;
  homeUrl: string;
  urls: { rss: string; atom: string; json: string };
  /** Newest change of any listed article (RFC 3339); the epoch for an empty site. */
  updated: string;
  /** Minutes a reader should wait between polls (RSS <ttl>), from the Cache-Control max-age. */
  ttl: number;
  /** Each listed article, already written in each format (see FeedEntry). */
  entries: FeedEntry[];
  /** The UTF-8 that entries point into (CompiledContent.bytes). */
  bytes: Uint8Array;
}

/**
 * An article as an RSS item, an Atom entry and a JSON Feed item: written when content was
 * compiled (RenderedItem), or here, from a FeedItem, for an article that was not. Pieces are
 * UTF-8 to copy and text, and for an entry written ahead, the places of its URL and of Markdown
 * markup whose links resolve against it. XML-safe: the serializers copy them without a scan.
 */
export interface FeedEntry {
  url: string;
  rss: readonly EntryPiece[];
  atom: readonly EntryPiece[];
  json: readonly EntryPiece[];
}

/** What a feed says of one article, before it is written in a format. */
export interface FeedItem {
  id: string;
  url: string;
  title: string;
  published: string;
  updated: string;
  author: string;
  lang: string;
  summary: string;
  /** The summary as HTML (RSS <description> is HTML). */
  summaryHtml: string;
  /** The body HTML: pieces, the anchor base standing for `url` (src/render/html-pieces.ts). */
  body: readonly HtmlPiece[];
  /** The body as plain text (JSON Feed content_text). */
  text: string;
  tags: string[];
  source: string | null;
  /** Atom rel="related": each cited tweet, or its author's profile when the status is unknown. */
  related: string[];
  citations: CitationJson[];
}

export const FEED_PATHS = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;

export function articlePath(slug: string): string {
  return `articles/${encodeURIComponent(slug)}`;
}

/**
 * What the feeds say of `article` at `url`, in `defaults` (the site's language and author, for an
 * article without its own). Compiled content is XML-safe already (the compiler cleans every file
 * and front-matter value); the short fields pass xmlSafe again here.
 */
export function feedItem(article: Article, url: string, defaults: { lang: string; author: string }): FeedItem {
  const tweets = articleTweets(article);
  const language = articleLanguage(article, defaults);
  return {
    id: xmlSafe(article.id ?? url),
    url,
    title: xmlSafe(article.title),
    published: article.date,
    updated: article.updated,
    author: xmlSafe(article.author ?? defaults.author),
    lang: language.lang,
    summary: xmlSafe(article.summary),
    summaryHtml: escapeHtml(xmlSafe(article.summary)),
    body: renderBodyPieces(article, language),
    text: renderBodyText(article, language),
    tags: article.tags.map(xmlSafe),
    source: article.source,
    related: [...new Set(tweets.map(relatedUrl))],
    citations: tweets.map(citationJson),
  };
}

/** The item in each format; its body's links made absolute and checked here, when serving. */
function writeEntry(item: FeedItem): FeedEntry {
  const live = { ...item, body: [xmlSafe(joinPieces(item.body, item.url))] };
  return { url: item.url, rss: rssItem(live), atom: atomEntry(live), json: jsonItem(live) };
}

/**
 * Whether the entry written when compiling says what writing it now would: the same language
 * and author, an id that is not by chance the article's URL (RSS isPermaLink would differ), and
 * a base URL that every format writes as it is (it went in raw; a URL needs no escaping unless
 * its path has `&` or `'`, which WHATWG URLs keep).
 */
function current(rendered: RenderedItem | null, article: Article, url: string, site: SiteConfig): rendered is RenderedItem {
  return (
    rendered !== null &&
    rendered.lang === (article.lang ?? site.lang) &&
    rendered.author === xmlSafe(article.author ?? site.author) &&
    article.id !== url &&
    !/[&<>"'\\]/.test(url)
  );
}

/** The newest `site.feedItems` articles as feed entries; URLs come only from the configured base. */
export function buildFeedModel(content: CompiledContent, site: SiteConfig): FeedModel {
  const listed = content.articles.slice(0, site.feedItems);
  const entries = listed.map((article): FeedEntry => {
    // Slugs are [a-z0-9_-] (checked when compiling): the URL needs no parser.
    const url = `${site.baseUrl}${articlePath(article.slug)}`;
    if (current(article.rendered, article, url, site)) return { url, ...article.rendered };
    return writeEntry(feedItem(article, url, site));
  });
  const updated = listed.reduce((newest, a) => (a.updated > newest ? a.updated : newest), '1970-01-01T00:00:00Z');
  return {
    title: xmlSafe(site.title),
    description: xmlSafe(site.description),
    lang: site.lang,
    author: xmlSafe(site.author),
    homeUrl: site.baseUrl,
    // The base ends in '/' and has no query or fragment (config.ts): joining is resolving.
    urls: { rss: `${site.baseUrl}${FEED_PATHS.rss}`, atom: `${site.baseUrl}${FEED_PATHS.atom}`, json: `${site.baseUrl}${FEED_PATHS.json}` },
    updated,
    ttl: Math.max(1, Math.ceil(site.maxAge / 60)),
    entries,
    bytes: content.bytes,
  };
}

import { citationJson, type CitationJson, relatedUrl } from '../citations/render-citation';
import type { CompiledContent, Direction, SiteConfig } from '../model';
import { escapeHtml } from '../render/escape';
import { articleLanguage, articleTweets, renderArticleHtml, renderArticleText } from '../render/render-article';
import { xmlSafe } from '../xml-chars';

/** What every feed format says, decided once; the renderers only serialize it. */
export interface FeedModel {
  title: string;
  description: string;
  lang: string;
  dir: Direction;
  author: string;
  homeUrl: string;
  urls: { rss: string; atom: string; json: string };
  /** Newest change of any listed article (RFC 3339); the epoch for an empty site. */
  updated: string;
  /** Minutes a reader should wait between polls (RSS <ttl>), from the Cache-Control max-age. */
  ttl: number;
  items: FeedItem[];
}

export interface FeedItem {
  id: string;
  url: string;
  title: string;
  published: string;
  updated: string;
  author: string;
  lang: string;
  dir: Direction;
  summary: string;
  /** The summary as HTML (RSS <description> is HTML). */
  summaryHtml: string;
  html: string;
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
 * The newest `site.feedItems` articles as feed items; URLs come only from the configured base.
 * Compiled content is XML-safe already (the compiler cleans every file and front-matter value);
 * the short fields pass xmlSafe again here, and the XML serializers check the bodies.
 */
export function buildFeedModel(content: CompiledContent, site: SiteConfig): FeedModel {
  const listed = content.articles.slice(0, site.feedItems);
  const items = listed.map((article): FeedItem => {
    // Slugs are [a-z0-9_-] (checked when compiling): the URL needs no parser.
    const url = `${site.baseUrl}${articlePath(article.slug)}`;
    const tweets = articleTweets(article);
    return {
      id: xmlSafe(article.id ?? url),
      url,
      title: xmlSafe(article.title),
      published: article.date,
      updated: article.updated,
      author: xmlSafe(article.author ?? site.author),
      ...articleLanguage(article, site),
      summary: xmlSafe(article.summary),
      summaryHtml: escapeHtml(xmlSafe(article.summary)),
      html: renderArticleHtml(article, site, url),
      text: renderArticleText(article, site),
      tags: article.tags.map(xmlSafe),
      source: article.source,
      related: [...new Set(tweets.map(relatedUrl))],
      citations: tweets.map(citationJson),
    };
  });
  const updated = listed.reduce((newest, a) => (a.updated > newest ? a.updated : newest), '1970-01-01T00:00:00Z');
  return {
    title: xmlSafe(site.title),
    description: xmlSafe(site.description),
    lang: site.lang,
    dir: site.dir,
    author: xmlSafe(site.author),
    homeUrl: site.baseUrl,
    urls: {
      rss: new URL(FEED_PATHS.rss, site.baseUrl).href,
      atom: new URL(FEED_PATHS.atom, site.baseUrl).href,
      json: new URL(FEED_PATHS.json, site.baseUrl).href,
    },
    updated,
    ttl: Math.max(1, Math.ceil(site.maxAge / 60)),
    items,
  };
}


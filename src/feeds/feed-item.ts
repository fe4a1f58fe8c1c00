import type { Article, SiteConfig } from '../model';
import { escapeHtml } from '../render/escape';
import { fillAnchorBase } from '../render/html-pieces';
import { articleLanguage, articleTweets, renderBodyPieces, renderBodyText } from '../render/render-article';
import { citationJson, relatedUrl } from '../render/render-citation';
import { CITATIONS_ABOUT_PATH, siteUrl } from '../urls';
import { xmlSafe } from '../xml-chars';
import type { FeedItem } from './feed-model';

/**
 * What the feeds say of `article` at `url`, for `site`: its language and author are what an
 * article without its own gets, its base URL what the feed's site-wide links are made of.
 * Compiled content is XML-safe already (the compiler cleans every file and front-matter value);
 * the short fields pass xmlSafe again here.
 */
export function feedItem(article: Article, url: string, site: Pick<SiteConfig, 'lang' | 'author' | 'baseUrl'>): FeedItem {
  const tweets = articleTweets(article);
  const language = articleLanguage(article, site);
  return {
    id: xmlSafe(article.id ?? url),
    url,
    title: xmlSafe(article.title),
    published: article.date,
    updated: article.updated,
    author: xmlSafe(article.author ?? site.author),
    lang: language.lang,
    summary: xmlSafe(article.summary),
    summaryHtml: escapeHtml(xmlSafe(article.summary)),
    body: fillAnchorBase(renderBodyPieces(article, language), url),
    text: renderBodyText(article, language),
    tags: article.tags.map(xmlSafe),
    source: article.source,
    related: [...new Set(tweets.map(relatedUrl))],
    citations: tweets.map(citationJson),
    citationsAbout: siteUrl(site, CITATIONS_ABOUT_PATH),
  };
}

import type { Article } from '../model';
import { escapeHtml } from '../render/escape';
import { fillAnchorBase } from '../render/html-pieces';
import { articleLanguage, articleTweets, renderBodyPieces, renderBodyText } from '../render/render-article';
import { citationJson, relatedUrl } from '../render/render-citation';
import { xmlSafe } from '../xml-chars';
import type { FeedItem } from './feed-model';

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
    body: fillAnchorBase(renderBodyPieces(article, language), url),
    text: renderBodyText(article, language),
    tags: article.tags.map(xmlSafe),
    source: article.source,
    related: [...new Set(tweets.map(relatedUrl))],
    citations: tweets.map(citationJson),
  };
}

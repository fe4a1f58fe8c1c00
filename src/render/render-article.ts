import { citationPieces, renderCitationText, renderSourcesText, sourcesPieces } from './render-citation';
import { directionOf } from '../lang';
import type { Article, Direction, HtmlPiece, SiteConfig, Tweet } from '../model';
import { escapeHtml } from './escape';
import { joinPieces, mergePieces } from './html-pieces';

export type Language = { lang: string; dir: Direction };

/** The language and base direction an article is rendered in: its own, else the site's. */
export function articleLanguage(article: Pick<Article, 'lang'>, site: Pick<SiteConfig, 'lang'>): Language {
  const lang = article.lang ?? site.lang;
  return { lang, dir: directionOf(lang) };
}

const tweetsOf = new WeakMap<Article, Tweet[]>();

/** Tweets of the article, numbered 1..N in order of appearance. */
export function articleTweets(article: Article): Tweet[] {
  let tweets = tweetsOf.get(article);
  if (!tweets) tweetsOf.set(article, (tweets = article.blocks.flatMap((b) => (b.type === 'tweet' ? [b.tweet] : []))));
  return tweets;
}

/**
 * The article body as HTML: blocks in order, each tweet as a numbered citation, then the sources
 * list. Wrapped in an element carrying lang and dir so that a reader that shows it out of the
 * page still lays out right-to-left text right. In a feed, `anchorBase` is the article's URL:
 * readers show items away from their page (RSS has no xml:base), where `#source-1` or a
 * Markdown link to `/about` would break, so those are made absolute.
 */
export function renderArticleHtml(article: Article, site: SiteConfig, anchorBase = ''): string {
  return joinPieces(renderBodyPieces(article, articleLanguage(article, site)), anchorBase);
}

/** The article as plain text (JSON Feed content_text): paragraphs apart, sources at the end. */
export function renderArticleText(article: Article, site: SiteConfig): string {
  return renderBodyText(article, articleLanguage(article, site));
}

/** The body HTML as pieces, in `language` (see html-pieces.ts). */
export function renderBodyPieces(article: Article, language: Language): HtmlPiece[] {
  let n = 0;
  const parts = article.blocks.map((block): HtmlPiece[] => {
    switch (block.type) {
      case 'paragraph':
        return [`<p>${escapeHtml(block.text)}</p>`];
      case 'heading':
        return [`<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`];
      case 'html':
        return block.html;
      case 'tweet':
        return citationPieces(block.tweet, ++n, language);
    }
  });
  const sources = sourcesPieces(articleTweets(article), language);
  if (sources.length > 0) parts.push(sources);
  const body = parts.flatMap((part, i) => (i === 0 ? part : ['\n', ...part]));
  return mergePieces([`<div lang="${escapeHtml(language.lang)}" dir="${language.dir}">\n`, ...body, '\n</div>']);
}

/** The body as plain text, in `language`. */
export function renderBodyText(article: Article, language: Language): string {
  let n = 0;
  const parts = article.blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'html':
        return block.text;
      case 'tweet':
        return renderCitationText(block.tweet, ++n, language);
    }
  });
  const sources = renderSourcesText(articleTweets(article), language);
  if (sources) parts.push(sources);
  return parts.join('\n\n');
}

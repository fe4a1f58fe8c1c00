import { renderCitationHtml, renderCitationText, renderSourcesHtml, renderSourcesText } from '../citations/render-citation';
import { directionOf } from '../lang';
import type { Article, Direction, SiteConfig, Tweet } from '../model';
import { escapeHtml } from './escape';

/** The language and base direction an article is rendered in: its own, else the site's. */
export function articleLanguage(article: Article, site: SiteConfig): { lang: string; dir: Direction } {
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
  const language = { ...articleLanguage(article, site), anchorBase };
  let n = 0;
  const parts = article.blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'heading':
        return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
      case 'html':
        return anchorBase ? absolutizeLinks(block.html, anchorBase) : block.html;
      case 'tweet':
        return renderCitationHtml(block.tweet, ++n, language);
    }
  });
  const sources = renderSourcesHtml(articleTweets(article), language);
  if (sources) parts.push(sources);
  return `<div lang="${escapeHtml(language.lang)}" dir="${language.dir}">\n${parts.join('\n')}\n</div>`;
}

/** The article as plain text (JSON Feed content_text): paragraphs apart, sources at the end. */
export function renderArticleText(article: Article, site: SiteConfig): string {
  const language = articleLanguage(article, site);
  let n = 0;
  const parts = article.blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        return block.text;
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

const ATTRIBUTE_URL = /\b(href|src|cite)="([^"]*)"/g;
const ENTITY: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&#39;': "'" };

/**
 * Resolves relative and fragment-only links against `base`. Runs over Markdown's sanitized
 * markup, whose attributes sanitize-html always writes double-quoted.
 */
export function absolutizeLinks(html: string, base: string): string {
  return html.replace(ATTRIBUTE_URL, (whole, name: string, value: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return whole;
    const raw = value.replace(/&(amp|quot|lt|gt|#39);/g, (e) => ENTITY[e]!);
    try {
      return `${name}="${escapeHtml(new URL(raw, base).href)}"`;
    } catch {
      return whole;
    }
  });
}

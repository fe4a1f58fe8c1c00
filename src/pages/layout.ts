import type { Direction, SiteConfig } from '../model';
import { escapeHtml } from '../render/escape';
import { formatDate } from '../render/format-date';
import { FEED_PATHS, type FeedFormat, routePath, SITE, type Scope, siteHref, siteUrl } from '../urls';

// One small inline stylesheet: pages make no request but their own. Logical properties
// (margin-inline, border-inline-start) follow the direction, so Arabic and English both lay out.
const STYLE = `
body{font:18px/1.7 system-ui,"Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
header,footer{color:#555;font-size:.9rem}header a{color:inherit;font-weight:600;text-decoration:none}
h1{line-height:1.35;font-size:1.8rem}h2{font-size:1.3rem;margin-top:2rem}a{color:#0b57d0}
blockquote{margin:1.5rem 0;padding:.5rem 1rem;border-inline-start:4px solid #8ab4f8;background:#f5f8ff}
blockquote footer{margin-top:.5rem}time{white-space:nowrap}
ol.articles{list-style:none;padding:0}ol.articles li{margin:1.25rem 0}ol.articles p{margin:.25rem 0;color:#444}
.meta{color:#555;font-size:.9rem}nav.feeds a{margin-inline-end:1rem}nav.pages{display:flex;gap:1.5rem;margin:2rem 0}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#121212}a{color:#8ab4f8}blockquote{background:#1d2330}header,footer,.meta,ol.articles p{color:#aaa}}
`.trim();

/**
 * The stylesheet's SHA-256, base64: the pages' Content-Security-Policy allows this inline style by
 * its hash and no other. Computed from STYLE as the module loads, so the two cannot drift apart.
 */
export const STYLE_SHA256 = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(STYLE)))));

export interface PageOptions {
  site: SiteConfig;
  lang: string;
  dir: Direction;
  title: string;
  description: string;
  /** Absolute canonical URL of the page. */
  canonical: string;
  body: string;
  /** Feeds the page advertises before the site's own: a tag's or a language's, named by `title`. */
  feeds?: { scope: Scope; title: string };
  /** The pages before and after it in a list (rel="prev", rel="next"), as absolute URLs. */
  prev?: string | null;
  next?: string | null;
}

const FEED_TYPES: [FeedFormat, string, string][] = [
  ['rss', 'application/rss+xml', 'RSS'],
  ['atom', 'application/atom+xml', 'Atom'],
  ['json', 'application/feed+json', 'JSON Feed'],
];

/** A complete HTML document with feed autodiscovery for all three formats. */
export function renderPage(page: PageOptions): string {
  const { site } = page;
  const feedLinks = (scope: Scope, title: string) =>
    FEED_TYPES.map(
      ([format, type, label]) =>
        `<link rel="alternate" type="${type}" title="${escapeHtml(`${title} (${label})`)}" href="${escapeHtml(siteUrl(site, routePath({ kind: 'feed', format, scope })))}">\n`,
    ).join('');
  const pageLink = (rel: string, url: string | null | undefined) => (url ? `<link rel="${rel}" href="${escapeHtml(url)}">\n` : '');
  return `<!doctype html>
<html lang="${escapeHtml(page.lang)}" dir="${page.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<meta name="description" content="${escapeHtml(page.description)}">
<link rel="canonical" href="${escapeHtml(page.canonical)}">
${pageLink('prev', page.prev)}${pageLink('next', page.next)}${page.feeds ? feedLinks(page.feeds.scope, page.feeds.title) : ''}${feedLinks(SITE, site.title)}<style>${STYLE}</style>
</head>
<body>
<header lang="${escapeHtml(site.lang)}" dir="${site.dir}"><a href="${siteHref()}">${escapeHtml(site.title)}</a></header>
${page.body}
<footer lang="${escapeHtml(site.lang)}" dir="${site.dir}"><nav class="feeds"><a href="${siteHref(FEED_PATHS.rss)}">RSS</a><a href="${siteHref(FEED_PATHS.atom)}">Atom</a><a href="${siteHref(FEED_PATHS.json)}">JSON Feed</a></nav></footer>
</body>
</html>
`;
}

/** A date as a person reads it in `lang`, with the machine-readable instant beside it. */
export function renderTime(iso: string, lang: string): string {
  return `<time datetime="${iso}">${escapeHtml(formatDate(iso, lang))}</time>`;
}

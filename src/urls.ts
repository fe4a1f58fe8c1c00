import type { SiteConfig } from './model';

// The site's URL scheme, in one place: the paths nashra serves, and the URLs feeds and pages
// write for them. Every absolute URL is built from SITE_URL, never from the request's Host.

/** Each feed format's path, relative to the site's base URL. */
export const FEED_PATHS = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;

export type FeedFormat = keyof typeof FEED_PATHS;

/** The page describing JSON Feed's `_citations` extension: its `about` URL (JSON Feed 1.1, "Extensions"). */
export const CITATIONS_ABOUT_PATH = 'about/citations';

/** An article's path, relative to the site's base URL. */
export function articlePath(slug: string): string {
  return `articles/${encodeURIComponent(slug)}`;
}

/**
 * The absolute URL of a path relative to the site's base URL. The base ends in '/' and has no
 * query or fragment (config.ts), and the paths above need no escaping: joining is resolving.
 */
export function siteUrl(site: Pick<SiteConfig, 'baseUrl'>, path = ''): string {
  return `${site.baseUrl}${path}`;
}

/** An article's absolute URL: its feed items' link and id (by default), and its page's canonical URL. */
export function articleUrl(site: Pick<SiteConfig, 'baseUrl'>, slug: string): string {
  return siteUrl(site, articlePath(slug));
}

/** A link from one of the site's pages to a path relative to the base: root-relative, so it holds on any host. */
export function siteHref(path = ''): string {
  return `/${path}`;
}

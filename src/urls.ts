import type { SiteConfig } from './model';

// The site's URL scheme, in one place: every path nashra serves, parsed into a Route and written
// back from one, and the URLs feeds and pages write. Every absolute URL is built from SITE_URL,
// never from the request's Host.

/** Each feed format's file name: the site's feeds at the root, a tag's or language's under its path. */
export const FEED_PATHS = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;

export type FeedFormat = keyof typeof FEED_PATHS;

/** The page describing JSON Feed's `_citations` extension: its `about` URL (JSON Feed 1.1, "Extensions"). */
export const CITATIONS_ABOUT_PATH = 'about/citations';

/** How many articles a list page shows: the index, a tag's, a language's. */
export const PAGE_SIZE = 50;

/** Whose articles a list or a feed holds: the whole site's, a tag's, or a language's. */
export type Scope = { kind: 'site' } | { kind: 'tag'; key: string } | { kind: 'lang'; key: string };

export type Route =
  | { kind: 'feed'; format: FeedFormat; scope: Scope }
  | { kind: 'list'; scope: Scope; page: number }
  | { kind: 'article'; slug: string }
  | { kind: 'citations-about' };

export const SITE: Scope = { kind: 'site' };

/**
 * A tag as its URL and its store key hold it: lower case, then Unicode NFC, white space as one
 * hyphen. Two spellings that give the same key are one tag (the compiler refuses them as a
 * collision). In this order a key is its own key: lower-casing after NFC can leave a string that
 * is not NFC (U+0386 U+0345 gives U+03AC U+0345, which composes to U+1FB4), and the Worker sends
 * a request whose key is not its own key to the key's URL (app.ts), which would then 404.
 */
export function tagKey(tag: string): string {
  return tag.trim().toLowerCase().normalize('NFC').replace(/\s+/g, '-');
}

/** A language as its URL holds it: the canonical BCP 47 tag in lower case. */
export function langKey(lang: string): string {
  return lang.toLowerCase();
}

/** The path of a scope's pages and feeds, relative to the site's base URL ('' for the site). */
function scopePath(scope: Scope): string {
  switch (scope.kind) {
    case 'site':
      return '';
    case 'tag':
      return `tags/${encodeURIComponent(scope.key)}/`;
    case 'lang':
      return `lang/${encodeURIComponent(scope.key)}/`;
  }
}

/** A route's path, relative to the site's base URL. Tags are percent-encoded (RFC 3986 §2.1). */
export function routePath(route: Route): string {
  switch (route.kind) {
    case 'feed':
      return `${scopePath(route.scope)}${FEED_PATHS[route.format]}`;
    case 'list':
      return route.page === 1 ? scopePath(route.scope) : `${scopePath(route.scope)}page/${route.page}`;
    case 'article':
      return articlePath(route.slug);
    case 'citations-about':
      return CITATIONS_ABOUT_PATH;
  }
}

const FORMATS = new Map<string, FeedFormat>(Object.entries(FEED_PATHS).map(([format, name]) => [name, format as FeedFormat]));
// Page 1 is the list's own URL; /page/1 names nothing, so each page has one URL.
const PAGE = /^(?:[2-9]|[1-9][0-9]{1,8})$/;

/**
 * The route a request path names (the path as the request has it, percent-encoded), or null when
 * it names none. Tag and language keys come back decoded and as written: the caller looks them up,
 * and sends a request whose key is not in its normal form to the normal one.
 */
export function parseRoute(pathname: string): Route | null {
  const parts = pathname.split('/').slice(1);
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return null;
    }
  };
  const [first = '', second, ...rest] = parts;
  if (parts.length === 1) {
    if (first === '') return { kind: 'list', scope: SITE, page: 1 };
    const format = FORMATS.get(first);
    return format ? { kind: 'feed', format, scope: SITE } : null;
  }
  if (first === 'articles' && parts.length === 2 && second) {
    const slug = decode(second);
    return slug ? { kind: 'article', slug } : null;
  }
  if (first === 'about' && second === 'citations' && parts.length === 2) return { kind: 'citations-about' };
  if (first === 'page' && parts.length === 2 && second && PAGE.test(second)) return { kind: 'list', scope: SITE, page: Number(second) };
  if ((first === 'tags' || first === 'lang') && second) {
    const key = decode(second);
    if (key === null || key === '') return null;
    const scope: Scope = first === 'tags' ? { kind: 'tag', key } : { kind: 'lang', key };
    if (rest.length === 1 && rest[0] === '') return { kind: 'list', scope, page: 1 };
    if (rest.length === 1) {
      const format = FORMATS.get(rest[0]!);
      return format ? { kind: 'feed', format, scope } : null;
    }
    if (rest.length === 2 && rest[0] === 'page' && PAGE.test(rest[1]!)) return { kind: 'list', scope, page: Number(rest[1]) };
  }
  return null;
}

/** An article's path, relative to the site's base URL. */
export function articlePath(slug: string): string {
  return `articles/${encodeURIComponent(slug)}`;
}

/**
 * The absolute URL of a path relative to the site's base URL. The base ends in '/' and has no
 * query or fragment (config.ts), and the paths above are percent-encoded: joining is resolving.
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

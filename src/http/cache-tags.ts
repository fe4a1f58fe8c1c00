import { fnv1aUnits, hex8 } from '../hash';
import type { Route } from '../urls';

// Cache-Tag values (Cloudflare: a comma-separated list; purge by tag with the zone's purge API).
// Every tag starts with the site's own, so that two sites on one zone never purge each other, and
// is printable ASCII without commas: a tag's text may be Arabic, so it is named by a hash.

/** The tag every response of the site carries: `nashra-` and a hash of SITE_URL. */
export function siteCacheTag(baseUrl: string): string {
  return `nashra-${hex8(fnv1aUnits(baseUrl))}`;
}

/**
 * The Cache-Tag of a route's responses: the site's; the route kind's (`-feed`, `-page`); whose
 * articles it shows (`-home` for the site's lists and feeds, `-tag-<hash>`, `-lang-<tag>`); and
 * an article page's own (`-article-<slug>`). Purging `-home` refreshes what a new article changes
 * on the front; purging the site tag, everything.
 */
export function cacheTags(baseUrl: string, route: Route): string[] {
  const site = siteCacheTag(baseUrl);
  switch (route.kind) {
    case 'feed':
    case 'list': {
      const { scope } = route;
      const whose =
        scope.kind === 'site' ? 'home' : scope.kind === 'tag' ? `tag-${hex8(fnv1aUnits(scope.key))}` : `lang-${scope.key.replace(/[^a-z0-9-]/g, '')}`;
      return [site, `${site}-${route.kind === 'feed' ? 'feed' : 'page'}`, `${site}-${whose}`];
    }
    case 'article':
      return [site, `${site}-page`, `${site}-article-${route.slug}`];
    case 'citations-about':
      return [site, `${site}-page`];
  }
}

import type { CompiledContent, SiteConfig } from '../model';
import { resolveMarkup } from '../render/html-pieces';
import { articleUrl, FEED_PATHS, siteUrl } from '../urls';
import { xmlSafe } from '../xml-chars';
import { feedItem } from './feed-item';
import type { FeedEntry, FeedItem, FeedModel } from './feed-model';
import { writtenAheadHolds } from './prerender-entries';
import { atomEntry } from './render-atom';
import { jsonItem } from './render-json-feed';
import { rssItem } from './render-rss';

/** The item in each format; its body's links made absolute and checked here, when serving. */
function writeEntry(item: FeedItem): FeedEntry {
  const live = { ...item, body: [xmlSafe(resolveMarkup(item.body, item.url))] };
  return { url: item.url, rss: rssItem(live), atom: atomEntry(live), json: jsonItem(live) };
}

/** The newest `site.feedItems` articles as feed entries; URLs come only from the configured base. */
export function buildFeedModel(content: CompiledContent, site: SiteConfig): FeedModel {
  const listed = content.articles.slice(0, site.feedItems);
  const entries = listed.map((article): FeedEntry => {
    const url = articleUrl(site, article.slug);
    if (writtenAheadHolds(article, url, site)) return { url, ...article.rendered };
    return writeEntry(feedItem(article, url, site));
  });
  const updated = listed.reduce((newest, a) => (a.updated > newest ? a.updated : newest), '1970-01-01T00:00:00Z');
  return {
    title: xmlSafe(site.title),
    description: xmlSafe(site.description),
    lang: site.lang,
    author: xmlSafe(site.author),
    homeUrl: siteUrl(site),
    urls: { rss: siteUrl(site, FEED_PATHS.rss), atom: siteUrl(site, FEED_PATHS.atom), json: siteUrl(site, FEED_PATHS.json) },
    updated,
    ttl: Math.max(1, Math.ceil(site.maxAge / 60)),
    entries,
    bytes: content.bytes,
  };
}

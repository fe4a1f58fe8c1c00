import type { FeedModel } from './build-feed-model';

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) is serialized straight from the model:
// `feed` 6 writes only version 1, without `authors` or `language`.

/** Renders the feed model as a JSON Feed 1.1 document. */
export function renderJsonFeed(feed: FeedModel): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.urls.json,
    description: feed.description,
    language: feed.lang,
    authors: [{ name: feed.author }],
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      ...(item.source ? { external_url: item.source } : {}),
      title: item.title,
      summary: item.summary,
      content_html: item.html,
      content_text: item.text,
      date_published: item.published,
      date_modified: item.updated,
      authors: [{ name: item.author }],
      ...(item.tags.length > 0 ? { tags: item.tags } : {}),
      language: item.lang,
      // Extension (§"Extensions": keys starting with an underscore); see README, "_citations".
      _citations: item.citations,
    })),
  };
  // The model's strings are already XML-safe (no lone surrogates: readers get U+FFFD instead).
  return `${JSON.stringify(document, null, 2)}\n`;
}

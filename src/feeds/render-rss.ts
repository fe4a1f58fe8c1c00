import { Feed } from 'feed';
import { escapeHtml } from '../render/escape';
import { xmlSafe } from '../xml-chars';
import type { FeedModel } from './build-feed-model';

// RSS 2.0 is written by `feed` (jpmonette/feed 6.0.0), the only module that imports it. Its
// serializer, xml-js, has two quirks that are corrected on the way in:
// - it turns `&amp;` in text back into `&` before escaping, so a literal "&amp;" would lose
//   characters: every text value is given with `&` already escaped (`text()`);
// - it splits only the first `]]>` of a CDATA section: `cdata()` splits the others.

/** A text node's value, as xml-js expects it. */
const text = (value: string) => xmlSafe(value).replace(/&/g, '&amp;');

/** A CDATA section's value: every `]]>` after the first is split here, xml-js splits the first. */
function cdata(value: string): string {
  const safe = xmlSafe(value);
  const first = safe.indexOf(']]>');
  if (first < 0) return safe;
  const head = safe.slice(0, first + 3);
  return head + safe.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}

/** Renders the feed model as an RSS 2.0 document. */
export function renderRss(feed: FeedModel): string {
  const rss = new Feed({
    title: text(feed.title),
    description: text(feed.description),
    link: feed.homeUrl,
    // RSS 2.0 <language> takes a language tag; lastBuildDate is content time, never "now".
    language: text(feed.lang),
    updated: new Date(feed.updated),
    ttl: feed.ttl,
    feedLinks: { rss: feed.urls.rss },
    generator: 'nashra',
  });
  for (const item of feed.items) {
    rss.addItem({
      title: cdata(item.title),
      link: item.url,
      id: text(item.id),
      date: new Date(item.published),
      description: cdata(escapeHtml(item.summary)),
      content: cdata(item.html),
      category: item.tags.map((tag) => ({ name: text(tag) })),
      // RSS <author> must be an e-mail address; a name goes in dc:creator. RSS has no item
      // language, so the Dublin Core element carries it (both namespaces are declared by feed).
      extensions: [
        { name: 'dc:creator', objects: { _text: text(item.author) } },
        { name: 'dc:language', objects: { _text: text(item.lang) } },
      ],
    });
  }
  return `${rss.rss2()}\n`;
}

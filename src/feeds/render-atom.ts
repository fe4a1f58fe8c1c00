import type { EntryPiece } from '../model';
import type { FeedItem, FeedModel } from './feed-model';
import { writeFeed } from './byte-writer';
import { linkHtml } from '../render/html-pieces';
import { bodyInCdata, xmlAttr, xmlText } from './xml';

// Atom 1.0 (RFC 4287) is written here rather than by `feed`, whose Atom output has no xml:lang,
// no rel="related" links, throws on ids that are not URLs (tag: and urn: are valid, §4.2.6) and
// leaves `<` unescaped in attributes (README, "Feed generators").

/** Renders the feed model as an Atom 1.0 document, in UTF-8. */
export function renderAtom(feed: FeedModel): Uint8Array<ArrayBuffer> {
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttr(feed.lang)}">`,
    `  <id>${xmlText(feed.homeUrl)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    `  <subtitle>${xmlText(feed.description)}</subtitle>`,
    `  <updated>${feed.updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlAttr(feed.urls.atom)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlAttr(feed.homeUrl)}"/>`,
    `  <author><name>${xmlText(feed.author)}</name></author>`,
    '  <generator>nashra</generator>',
    '',
  ].join('\n');
  // Relative links go in CDATA as escaped HTML, which holds no `]]>`.
  return writeFeed(feed, 'atom', { head, separator: '', tail: '</feed>\n' }, linkHtml);
}

/** One article as an Atom entry, in pieces (see FeedEntry). */
export function atomEntry(item: FeedItem): EntryPiece[] {
  const start = [
    `  <entry xml:lang="${xmlAttr(item.lang)}">`,
    `    <id>${xmlText(item.id)}</id>`,
    `    <title>${xmlText(item.title)}</title>`,
    `    <link rel="alternate" type="text/html" href="${xmlAttr(item.url)}"/>`,
    ...item.related.map((href) => `    <link rel="related" href="${xmlAttr(href)}"/>`),
    ...(item.source ? [`    <link rel="via" href="${xmlAttr(item.source)}"/>`] : []),
    `    <published>${item.published}</published>`,
    `    <updated>${item.updated}</updated>`,
    `    <author><name>${xmlText(item.author)}</name></author>`,
    ...item.tags.map((tag) => `    <category term="${xmlAttr(tag)}"/>`),
    `    <summary type="text">${xmlText(item.summary)}</summary>`,
    '    <content type="html">',
  ].join('\n');
  return [start, ...bodyInCdata(item.body), '</content>\n  </entry>\n'];
}

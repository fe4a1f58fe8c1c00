import type { CitationJson } from '../render/render-citation';
import type { EntryPiece } from '../model';
import { linkHtml } from '../render/html-pieces';
import type { FeedItem, FeedModel } from './feed-model';
import { writeFeed } from './byte-writer';

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) is written straight from the model: `feed` 6
// writes only version 1, without `authors` or `language`. By hand, so that it is written in
// pieces like the XML formats (see FeedEntry); the text is exactly what
// JSON.stringify(document, null, 2) gives, which a property test checks.

const J = JSON.stringify;

/** Text as inside a JSON string, without the quotes. */
const jsonText = (text: string): string => J(text).slice(1, -1);

/** Stands for the items in the text around them: JSON.stringify never writes a raw U+0000. */
const ITEMS = '\u0000';

/** Renders the feed model as a JSON Feed 1.1 document, in UTF-8. */
export function renderJsonFeed(feed: FeedModel): Uint8Array<ArrayBuffer> {
  const [start, end] = object('', [
    ['version', J('https://jsonfeed.org/version/1.1')],
    ['title', J(feed.title)],
    ['home_page_url', J(feed.homeUrl)],
    ['feed_url', J(feed.urls.json)],
    ['description', J(feed.description)],
    ['language', J(feed.lang)],
    ['authors', authors(feed.author, '  ')],
    ['items', feed.entries.length > 0 ? `[\n${ITEMS}\n  ]` : '[]'],
  ]).split(ITEMS) as [string, string?];
  return writeFeed(feed, 'json', { head: start, separator: ',\n', tail: `${end ?? ''}\n` }, (relativeUrl, url) => jsonText(linkHtml(relativeUrl, url)));
}

/** The indentation of an item: inside `items`, inside the document. */
const ITEM = '    ';

/** One article as a JSON Feed item, in pieces (see FeedEntry). */
export function jsonItem(item: FeedItem): EntryPiece[] {
  const [before, after] = object(ITEM, [
    ['id', J(item.id)],
    ['url', J(item.url)],
    ...(item.source ? [['external_url', J(item.source)] as const] : []),
    ['title', J(item.title)],
    ['summary', J(item.summary)],
    ['content_html', ITEMS],
    ['content_text', J(item.text)],
    ['date_published', J(item.published)],
    ['date_modified', J(item.updated)],
    ['authors', authors(item.author, `${ITEM}  `)],
    ...(item.tags.length > 0
      ? [
          [
            'tags',
            list(
              item.tags.map((t) => J(t)),
              `${ITEM}  `,
            ),
          ] as const,
        ]
      : []),
    ['language', J(item.lang)],
    // An extension is an object under a key starting with an underscore, with an `about` URL
    // describing it (JSON Feed 1.1, "Extensions"); see README, "_citations".
    [
      '_citations',
      object(`${ITEM}  `, [
        ['about', J(item.citationsAbout)],
        [
          'items',
          list(
            item.citations.map((c) => citation(c, `${ITEM}      `)),
            `${ITEM}    `,
          ),
        ],
      ]),
    ],
  ]).split(ITEMS) as [string, string];
  const html = item.body.map((piece) => (typeof piece === 'string' ? jsonText(piece) : piece));
  return [`${ITEM}${before}"`, ...html, `"${after}`];
}

/** A JSON object as JSON.stringify(…, null, 2) writes it at `indent`; values are JSON already. */
function object(indent: string, members: readonly (readonly [string, string])[]): string {
  return `{\n${members.map(([key, value]) => `${indent}  ${J(key)}: ${value}`).join(',\n')}\n${indent}}`;
}

/** A JSON array the same way; values are JSON already. */
function list(values: readonly string[], indent: string): string {
  return values.length === 0 ? '[]' : `[\n${values.map((v) => `${indent}  ${v}`).join(',\n')}\n${indent}]`;
}

function authors(name: string, indent: string): string {
  return list([object(`${indent}  `, [['name', J(name)]])], indent);
}

function citation(c: CitationJson, indent: string): string {
  return object(indent, [
    ['author_name', J(c.author_name)],
    ['handle', J(c.handle)],
    ['profile_url', J(c.profile_url)],
    ['status_url', J(c.status_url)],
    ['date', J(c.date)],
    ['time', J(c.time)],
    ['text', J(c.text)],
    ['language', J(c.language)],
    ['direction', J(c.direction)],
    [
      'media',
      list(
        c.media.map((m) => J(m)),
        `${indent}  `,
      ),
    ],
    ['archive_url', J(c.archive_url)],
  ]);
}

import type { EntryPiece, MarkupPiece } from '../model';
import type { CitationJson } from '../render/render-citation';

// The feed model: what the three writers (render-rss, render-atom, render-json-feed) share. A
// leaf of its own, so that the writers and the code that calls them never import each other.

/** What every feed format says, decided once; the renderers only write it out. */
export interface FeedModel {
  title: string;
  description: string;
  lang: string;
  author: string;
  homeUrl: string;
  urls: { rss: string; atom: string; json: string };
  /** Newest change of any listed article (RFC 3339); the epoch for an empty site. */
  updated: string;
  /** Minutes a reader should wait between polls (RSS <ttl>), from the Cache-Control max-age. */
  ttl: number;
  /** Each listed article, already written in each format (see FeedEntry). */
  entries: FeedEntry[];
  /** The UTF-8 that entries point into (FeedSource.bytes). */
  bytes: Uint8Array;
}

/**
 * An article as an RSS item, an Atom entry and a JSON Feed item: written when content was
 * compiled (RenderedItem), or when serving, from a FeedItem, for an article that was not. Pieces are
 * UTF-8 to copy and text, and for an entry written ahead, the places of its URL and of the
 * relative links of Markdown markup, which resolve against it. XML-safe: the serializers copy them without a scan.
 */
export interface FeedEntry {
  url: string;
  rss: readonly EntryPiece[];
  atom: readonly EntryPiece[];
  json: readonly EntryPiece[];
}

/** What a feed says of one article, before it is written in a format. */
export interface FeedItem {
  id: string;
  url: string;
  title: string;
  published: string;
  updated: string;
  author: string;
  lang: string;
  summary: string;
  /** The summary as HTML (RSS <description> is HTML). */
  summaryHtml: string;
  /** The body HTML, its anchor base written in as `url`; relative links of Markdown markup to resolve against `url` (src/render/html-pieces.ts). */
  body: readonly MarkupPiece[];
  /** The body as plain text (JSON Feed content_text). */
  text: string;
  tags: string[];
  source: string | null;
  /** Atom rel="related": each cited tweet, or its author's profile when the status is unknown. */
  related: string[];
  citations: CitationJson[];
  /** The `about` URL of the `_citations` extension: a page of the site describing it. */
  citationsAbout: string;
}

// The typed model nashra owns. Content files are compiled into it ahead of serving
// (src/content), and every renderer (src/render, src/feeds, src/pages) reads only it.

export type Direction = 'ltr' | 'rtl';

/** One embedded tweet, recognised when content is compiled (src/citations). */
export interface Tweet {
  /** The quoted words, line breaks kept, media short links included as written. */
  text: string;
  authorName: string;
  /** Without the leading @; 1–15 of [A-Za-z0-9_]. */
  handle: string;
  /** Calendar date of the tweet, YYYY-MM-DD. */
  date: string;
  /** Exact instant (RFC 3339, UTC), when it can be derived from the status id. */
  time: string | null;
  /** The status URL as the source or the citation record gave it (https, twitter.com or x.com), when known. */
  statusUrl: string | null;
  /** A Wayback Machine capture of the tweet, from the citation record (content/citations.json). */
  archiveUrl?: string;
  /** pic.twitter.com/… and t.co/… short links found in the text, as https URLs. */
  media: string[];
  /** BCP 47 language tag of the tweet, and its base direction. */
  lang: string;
  dir: Direction;
}

/**
 * A body block. `line` is the 1-based line in the content file where the block starts,
 * so that warnings and errors can point at it.
 */
export type Block =
  | { type: 'paragraph'; text: string; line: number }
  | { type: 'heading'; text: string; level: 2 | 3 | 4 | 5 | 6; line: number }
  /** Markdown rendered and sanitized at compile time, its relative links apart; `text` is its plain-text form. */
  | { type: 'html'; html: MarkupPiece[]; text: string; line: number }
  | { type: 'tweet'; tweet: Tweet; line: number };

export interface Article {
  slug: string;
  /**
   * Stable id shared by the RSS guid, Atom id and JSON Feed id; null means the default, the
   * article's permalink (resolved against the site's base URL when rendering).
   */
  id: string | null;
  title: string;
  /** RFC 3339 instants in UTC. `updated` falls back to `date`. */
  date: string;
  updated: string;
  author: string | null;
  /** BCP 47 tag from front matter; null means the site's language (resolved when rendering). */
  lang: string | null;
  /** Plain text, from front matter or the start of the body. */
  summary: string;
  tags: string[];
  source: string | null;
  /** The content file, relative to the project root, e.g. content/ghwayran.txt. */
  file: string;
  blocks: Block[];
  /** Its feed entries written when compiling, or null to write them when serving. */
  rendered: RenderedItem | null;
}

/**
 * Sanitized Markdown markup in pieces: HTML, and the value of each URL attribute (href, src, cite)
 * that is a relative link, as the attribute's text, unescaped. Where the body is shown away from
 * its page, only those values are resolved, against the article's URL (src/render/html-pieces.ts).
 */
export type MarkupPiece = string | RelativeUrl;
export type RelativeUrl = { relativeUrl: string };

/**
 * Piece of an article body being rendered: fixed HTML; the place of the anchor base (before
 * `#source-n` and `#cite-n`), HTML-escaped when it is filled in; or a relative link of Markdown
 * markup, resolved against the anchor base (src/render/html-pieces.ts).
 */
export type HtmlPiece = MarkupPiece | AnchorBase;
export type AnchorBase = { anchorBase: true };

/** Bytes of CompiledContent.bytes: [offset, length]. */
export type ByteRange = [number, number];

/**
 * The place of a URL in a feed entry written ahead, written as it is when serving: the article's
 * own URL, or the site's base URL. Such entries are used only for URLs that no format escapes
 * (src/feeds/prerender-entries.ts).
 */
export type UrlPlace = { url: 'article' | 'site' };

/**
 * UTF-8 (a range of the entries' bytes) written as the text of a JSON string, escaped as
 * JSON.stringify escapes it: a JSON Feed item's body is the same HTML its RSS item copies as it is.
 */
export type JsonRange = { json: ByteRange };

/**
 * Piece of a feed entry: UTF-8 to copy (a range of CompiledContent.bytes) or text, both already
 * in the format's syntax; UTF-8 to escape as JSON string text; the place of a URL; or a relative
 * link of Markdown markup, resolved against the article's URL and escaped for the format when written.
 */
export type EntryPiece = ByteRange | string | JsonRange | UrlPlace | RelativeUrl;

/**
 * An article's feed entries written when compiling (src/feeds/prerender-entries.ts), for the
 * language and author it then had: an RSS item, an Atom entry and a JSON Feed item.
 */
export interface RenderedItem {
  /** Used only while the article is still served in this language, with this author. */
  lang: string;
  author: string;
  rss: EntryPiece[];
  atom: EntryPiece[];
  json: EntryPiece[];
}

/** An article without its body: what the bundle holds of the newest articles. */
export type ArticleHead = Omit<Article, 'blocks'>;

/**
 * Articles with the feed entries written ahead for them, and the UTF-8 those point into: what a
 * feed is written from. The site's feeds take theirs from the bundle (heads only: no body), a
 * tag's or a language's from the store (src/archive/assemble-archive.ts writes both).
 */
export interface FeedSource<A extends ArticleHead = Article> {
  /** Newest first (by date, then slug), at most the FEED_ITEMS the content was compiled for. */
  articles: A[];
  bytes: Uint8Array;
}

/** What a list (the index, a tag's page, a language's page) shows of an article. */
export interface ListItem {
  slug: string;
  title: string;
  date: string;
  summary: string;
  /** The article's own language; null means the site's. */
  lang: string | null;
}

/** One page of a list, newest first: PAGE_SIZE items, and where it stands among the pages. */
export interface ListPage {
  /** 1-based. */
  page: number;
  pages: number;
  /** Newest change of an article the page lists (RFC 3339): its Last-Modified. */
  updated: string;
  items: ListItem[];
}

/** A tag or a language as its pages and feeds name it. */
export interface Topic {
  /** What the URL holds (src/urls.ts): a tag's key, a language's lowercase tag. */
  key: string;
  /** As the content writes it: a tag's exact text, a language's canonical BCP 47 tag. */
  name: string;
  /** How many articles it has. */
  count: number;
}

/**
 * What the Worker's bundle holds (generated/content.ts): only what the hot routes need, and
 * the layout of the store that holds the rest; its size does not grow with the archive.
 */
export interface Manifest {
  /** Hash of the compiled articles and of the code that renders them (scripts/compile-content.ts). */
  version: string;
  /**
   * The newest articles (FEED_ITEMS of them) with their feed entries written ahead: the site's
   * feeds. Without their bodies, which their pages, and a feed the entries do not hold for
   * (writtenAheadHolds), read from the store.
   */
  newest: FeedSource<ArticleHead>;
  /** The index's first page. */
  index: ListPage;
  /** The languages the site publishes in (its language pages and feeds), by canonical tag. */
  languages: Topic[];
  /** How many packs each family of the store has (src/store/read-store.ts). */
  layout: { articles: number; lists: number; feeds: number };
}

/** Site metadata, read once from the Worker's bindings (see src/config.ts). */
export interface SiteConfig {
  title: string;
  description: string;
  lang: string;
  dir: Direction;
  author: string;
  /** Absolute base URL ending in '/': every absolute URL in a feed is built from it. */
  baseUrl: string;
  feedItems: number;
  /** Cache-Control max-age for feeds and pages, in seconds: how often readers should poll. */
  maxAge: number;
  /** How long Cloudflare's cache in front of the Worker keeps a response, in seconds. */
  edgeMaxAge: number;
}

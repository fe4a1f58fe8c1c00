import type { Article, ArticleHead, ByteRange, EntryPiece, FeedSource, MarkupPiece, RenderedItem, SiteConfig, UrlPlace } from '../model';
import { mergePieces } from '../render/html-pieces';
import { firstUnsafeChar, xmlSafe } from '../xml-chars';
import { feedItem } from './feed-item';
import { atomEntry } from './render-atom';
import { jsonItem } from './render-json-feed';
import { rssItem } from './render-rss';

// The feed entries of the articles the feeds list are written when content is compiled, by the
// same functions that write them when serving, and stored as UTF-8: serving a feed then copies
// bytes (README, "Rendering ahead of serving"). The article's URL, which only the Worker's
// SITE_URL decides, is left as a marker and written when serving, as is the site's base URL. Both halves of that contract
// live here: prerenderEntries writes the entries, writtenAheadHolds says when the Worker may use them.

/** What the project is configured with (wrangler.toml [vars]), as far as the compiler knows. */
export interface PrerenderOptions {
  /** SITE_LANG and SITE_AUTHOR: what an article without its own `lang` or `author` gets. */
  siteLang: string;
  siteAuthor: string;
  /** FEED_ITEMS: how many of the newest articles the feeds list. */
  feedItems: number;
}

/**
 * Stands for the article's URL while its entries are written ahead. Private-use characters pass
 * every escaper unchanged (HTML, XML, JSON); an article whose own text holds this is written when serving.
 */
const URL_MARK = '\uE000nashra:url\uE001';
/** Stands for the site's base URL (ending in '/', as SITE_URL is read), likewise. */
const SITE_MARK = '\uE000nashra:site\uE001/';
const MARKS = /\uE000nashra:(url\uE001|site\uE001\/)/;
const PLACES: Record<string, UrlPlace> = { 'url\uE001': { url: 'article' }, 'site\uE001/': { url: 'site' } };

/**
 * The newest `feedItems` articles with their entries written ahead. Older ones are left alone:
 * their pages render one body at a time, and writing every article ahead would triple the
 * bundle's size for nothing. The Worker checks each entry still says what it would write
 * (writtenAheadHolds): run with another SITE_LANG, SITE_AUTHOR or a larger FEED_ITEMS, it
 * writes the others when serving, with the same result.
 */
export function prerenderEntries(content: FeedSource, { siteLang, siteAuthor, feedItems }: PrerenderOptions): FeedSource {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  // Text already stored for this article, and where: the same text is stored once and its range
  // given again. Kept per article, so that an article's bytes are the same written alone or among
  // others (joinEntries).
  let ranges = new Map<string, ByteRange>();
  // The marks become the URLs' places, and strings ranges of the shared bytes.
  const storeRun = (pieces: readonly EntryPiece[]): EntryPiece[] => {
    const marked = pieces.flatMap((piece): EntryPiece[] =>
      typeof piece === 'string' ? piece.split(MARKS).map((part, i) => (i % 2 === 0 ? part : PLACES[part]!)) : [piece],
    );
    return mergePieces(marked).map((piece): EntryPiece => {
      if (typeof piece !== 'string') return piece;
      const known = ranges.get(piece);
      if (known) return known;
      const bytes = encoder.encode(piece);
      chunks.push(bytes);
      size += bytes.byteLength;
      const range: ByteRange = [size - bytes.byteLength, bytes.byteLength];
      ranges.set(piece, range);
      return range;
    });
  };
  // An entry is its head, its body and its tail: rssItem and atomEntry return [head, '<![CDATA[',
  // ...body, ']]>', tail], jsonItem [head, ...body, tail], each body piece the article's HTML
  // escaped for the format. The HTML is stored once, as it is: the RSS item and the Atom entry copy
  // it (CDATA needs no escaping but of ']]>'), the JSON Feed item writes it escaped (JsonRange).
  // Half the entries' bytes in the bundle and the store; the feeds are the same bytes.
  const store = (entry: EntryPiece[], body: readonly MarkupPiece[], shared: EntryPiece[] | null, format: 'xml' | 'json'): EntryPiece[] => {
    const around = format === 'xml' ? 4 : 2;
    if (!shared || entry.length !== body.length + around) return storeRun(entry);
    const [head, tail] = [entry[0]!, entry.at(-1)!];
    const inside = format === 'xml' ? [...storeRun(['<![CDATA[']), ...shared, ...storeRun([']]>'])] : shared.map((p) => (Array.isArray(p) ? { json: p } : p));
    return [...storeRun([head]), ...inside, ...storeRun([tail])];
  };
  const articles = content.articles.map((article, i) => {
    if (i >= feedItems || MARKS.test(JSON.stringify(article))) return { ...article, rendered: null };
    const item = feedItem(article, URL_MARK, { lang: siteLang, author: siteAuthor, baseUrl: SITE_MARK });
    ranges = new Map();
    const entries = { rss: rssItem(item), atom: atomEntry(item), json: jsonItem(item) };
    // Feeds copy these bytes into XML unchecked: compiled text is XML-safe, so what is made of it is.
    for (const piece of [...entries.rss, ...entries.atom, ...entries.json]) {
      const text = typeof piece === 'string' ? piece : 'relativeUrl' in piece ? piece.relativeUrl : '';
      const at = firstUnsafeChar(text);
      if (at >= 0)
        throw new Error(`${article.file}: a feed entry has a character XML forbids (U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')})`);
    }
    // The body's HTML as it is, stored once, unless CDATA would have to split it.
    const plain = item.body.every((piece) => typeof piece !== 'string' || !piece.includes(']]>'));
    const shared = plain ? storeRun(item.body) : null;
    const rendered: RenderedItem = {
      lang: item.lang,
      author: item.author,
      rss: store(entries.rss, item.body, shared, 'xml'),
      atom: store(entries.atom, item.body, shared, 'xml'),
      json: store(entries.json, item.body, shared, 'json'),
    };
    return { ...article, rendered };
  });
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { articles, bytes };
}

/**
 * One source of the articles of `sources`, in their order, each entry's ranges moved to where its
 * bytes land. What prerenderEntries wrote for each article alone, joined, is byte for byte what it
 * writes for them together (it writes one article's bytes after another's): so the compiler writes
 * an article's entries once, and every feed that lists it takes them.
 */
export function joinEntries<A extends ArticleHead = Article>(sources: readonly FeedSource<A>[]): FeedSource<A> {
  const bytes = new Uint8Array(sources.reduce((size, source) => size + source.bytes.byteLength, 0));
  const articles: A[] = [];
  let base = 0;
  for (const source of sources) {
    bytes.set(source.bytes, base);
    const at = base;
    const moved = (range: ByteRange): ByteRange => [range[0] + at, range[1]];
    const move = (pieces: EntryPiece[]) =>
      pieces.map(
        (piece): EntryPiece => (Array.isArray(piece) ? moved(piece) : typeof piece === 'object' && 'json' in piece ? { json: moved(piece.json) } : piece),
      );
    for (const article of source.articles) {
      const { rendered } = article;
      articles.push(
        rendered ? { ...article, rendered: { ...rendered, rss: move(rendered.rss), atom: move(rendered.atom), json: move(rendered.json) } } : article,
      );
    }
    base += source.bytes.byteLength;
  }
  return { articles, bytes };
}

// Characters that some format escapes in a URL: XML and HTML escape `&<>"'`, JSON `"` and `\`.
// A WHATWG URL keeps `&` and `'` in its path, so a SITE_URL may bring them.
const ESCAPED_SOMEWHERE = /[&<>"'\\]/;

/**
 * Whether the entries `article` got when compiling say what writing them now, at `url`, for
 * `site`, would. Each condition undoes one shortcut prerenderEntries took:
 * - the language and author it was written with, which an article without its own took from
 *   wrangler.toml's SITE_LANG and SITE_AUTHOR (the Worker may be configured otherwise);
 * - an id that is not by chance the article's URL: RSS writes isPermaLink="true" only when the
 *   guid is the link, and the link was the mark when the entry was written;
 * - a URL that no format escapes: the marks went in unescaped everywhere they stood (XML text and
 *   attributes, HTML in CDATA, JSON strings), and ByteWriter writes the URLs in as they are; the
 *   site's base URL is the start of the article's, so it needs no escaping either.
 */
export function writtenAheadHolds<A extends ArticleHead>(article: A, url: string, site: SiteConfig): article is A & { rendered: RenderedItem } {
  const { rendered } = article;
  return (
    rendered !== null &&
    rendered.lang === (article.lang ?? site.lang) &&
    rendered.author === xmlSafe(article.author ?? site.author) &&
    article.id !== url &&
    !ESCAPED_SOMEWHERE.test(url)
  );
}

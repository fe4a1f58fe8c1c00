import type { Article, ArticleHead, FeedSource, ListPage, Manifest, Topic } from '../model';
import type { Scope } from '../urls';
import { partKey } from './read-store';

// The objects of the store and their keys: written when compiling (src/archive), read by the
// Worker. Each decoder checks the shape it needs and throws on anything else, so that a damaged
// object is an error naming it, never a page made of half an object.

/** A list page with the tag or language it lists (null for the index). */
export interface TopicPage extends ListPage {
  topic: Topic | null;
}

/**
 * A feed's object: its topic (null for the site's), and its newest articles with their entries
 * written ahead; their bodies when compiling, their heads only when read back.
 */
export interface FeedObject<A extends ArticleHead = Article> {
  topic: Topic | null;
  source: FeedSource<A>;
}

/** The store key of a list page: `index/2`, `tag/<key>/1`, `lang/<key>/3`. */
export function listKey(scope: Scope, page: number): string {
  return scope.kind === 'site' ? `index/${page}` : `${scope.kind}/${scope.key}/${page}`;
}

/** The store key of a feed's object: `site`, `tag/<key>`, `lang/<key>`. */
export function feedKey(scope: Scope): string {
  return scope.kind === 'site' ? 'site' : `${scope.kind}/${scope.key}`;
}

/** The store key of the bodies of a feed's articles, which its entries are written from when they do not hold. */
export function feedBodiesKey(scope: Scope): string {
  return partKey(feedKey(scope), 'bodies');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** An article without its body, whether it has one or not: what the bundle and a feed object's heads hold. */
export function headOf(article: ArticleHead): ArticleHead {
  const { blocks: _, ...head } = article as ArticleHead & { blocks?: unknown };
  return head;
}

/**
 * A feed's two objects. The feed object: the JSON of the topic and the articles' heads, then the
 * bytes their entries point into, after the JSON's u32 LE length. The bodies, apart (JSON): a
 * feed is written from its entries alone unless they do not hold for the Worker's configuration,
 * so a request reads the heads and entries only (30% less than with the bodies, at 10,000
 * generated articles).
 */
export function encodeFeedObject({ topic, source }: FeedObject): EncodedFeed {
  return encodeFeedObjectOfBodies(
    topic,
    source,
    // As an array's item: missing blocks are null.
    source.articles.map((a) => encoder.encode(JSON.stringify(a.blocks) ?? 'null')),
  );
}

/** A feed's two objects, encoded. */
export interface EncodedFeed {
  feed: Uint8Array;
  bodies: Uint8Array;
}

const OPEN = encoder.encode('[');
const COMMA = encoder.encode(',');
const CLOSE = encoder.encode(']');

/**
 * A feed's two objects from its articles' heads and, apart, each one's body as the JSON of its
 * blocks in UTF-8: what encodeFeedObject writes, byte for byte, since the JSON of an array is its
 * items' JSON between brackets, comma-separated. The compiler keeps bodies so and joins a feed
 * without parsing them again (a body is most of an entry's JSON).
 */
export function encodeFeedObjectOfBodies(topic: Topic | null, source: FeedSource<ArticleHead>, bodies: readonly Uint8Array[]): EncodedFeed {
  const parts = bodies.length === 0 ? [OPEN, CLOSE] : [OPEN, ...bodies.flatMap((body, i) => (i === 0 ? [body] : [COMMA, body])), CLOSE];
  const joined = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return { feed: encodeWithTail({ topic, articles: source.articles.map(headOf) }, source.bytes), bodies: joined };
}

/** A feed's objects as its pack holds them: the feed object under `key`, its bodies under their part's key. */
export function feedObjectEntries(key: string, { feed, bodies }: EncodedFeed): [string, Uint8Array][] {
  return [
    [key, feed],
    [partKey(key, 'bodies'), bodies],
  ];
}

/** A feed object: the topic, and its articles' heads with their entries (no bodies). */
export function decodeFeedObject(bytes: Uint8Array, name: string): FeedObject<ArticleHead> {
  const [json, entries] = splitObject(bytes, name);
  const { topic, articles } = parseJson(json, name) as { topic: Topic | null; articles: ArticleHead[] };
  if ((topic !== null && !isTopic(topic)) || !Array.isArray(articles)) throw new Error(`nashra: store object ${name} is not a feed object`);
  return { topic, source: { articles, bytes: entries } };
}

/** The articles of a feed's source with their bodies, read from its bodies object. */
export function withBodies(source: FeedSource<ArticleHead>, bytes: Uint8Array, name: string): FeedSource<Article> {
  const bodies = parseJson(bytes, name) as Article['blocks'][];
  if (!Array.isArray(bodies) || bodies.length !== source.articles.length || !bodies.every(Array.isArray)) {
    throw new Error(`nashra: store object ${name} is not the bodies of its feed`);
  }
  return { articles: source.articles.map((head, i) => ({ ...head, blocks: bodies[i]! }) as Article), bytes: source.bytes };
}

/**
 * The bundle's manifest as bytes (generated/content.bin, a Data module): the manifest as JSON,
 * then the bytes its newest articles' entries point into, after the JSON's u32 LE length. As a
 * Data module, its text is UTF-8 in the bundle, not a JavaScript string literal, where esbuild
 * would write each Arabic letter as a six-byte escape. It holds no article's body (issue 10).
 */
export function encodeManifest(manifest: Manifest): Uint8Array {
  const { newest, ...rest } = manifest;
  return encodeWithTail({ ...rest, newest: { articles: newest.articles } }, newest.bytes);
}

export function decodeManifest(bytes: Uint8Array): Manifest {
  const [json, entries] = splitObject(bytes, 'the bundle manifest');
  const parsed = parseJson(json, 'the bundle manifest') as Omit<Manifest, 'newest'> & { newest: { articles: ArticleHead[] } };
  return { ...parsed, newest: { articles: parsed.newest.articles, bytes: entries } };
}

function encodeWithTail(value: unknown, tail: Uint8Array): Uint8Array {
  const json = encoder.encode(JSON.stringify(value));
  const out = new Uint8Array(4 + json.byteLength + tail.byteLength);
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 4);
  out.set(tail, 4 + json.byteLength);
  return out;
}

function splitObject(bytes: Uint8Array, name: string): [Uint8Array, Uint8Array] {
  const length = bytes.byteLength >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) : -1;
  if (length < 0 || 4 + length > bytes.byteLength) throw new Error(`nashra: store object ${name} is cut short`);
  return [bytes.subarray(4, 4 + length), bytes.subarray(4 + length)];
}

export function decodeListPage(bytes: Uint8Array, name: string): TopicPage {
  const page = parseJson(bytes, name) as TopicPage;
  if (typeof page?.page !== 'number' || typeof page.pages !== 'number' || !Array.isArray(page.items) || (page.topic !== null && !isTopic(page.topic))) {
    throw new Error(`nashra: store object ${name} is not a list page`);
  }
  return page;
}

export function decodeArticle(bytes: Uint8Array, name: string): Article {
  const article = parseJson(bytes, name) as Article;
  if (typeof article?.slug !== 'string' || !Array.isArray(article.blocks)) throw new Error(`nashra: store object ${name} is not an article`);
  return article;
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new Error(`nashra: store object ${name} is not valid JSON`);
  }
}

function isTopic(topic: unknown): topic is Topic {
  const t = topic as Topic;
  return typeof t?.key === 'string' && typeof t.name === 'string' && typeof t.count === 'number';
}

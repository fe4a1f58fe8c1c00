import type { Article, FeedSource, ListPage, Manifest, Topic } from '../model';
import type { Scope } from '../urls';

// The objects of the store and their keys: written when compiling (src/archive), read by the
// Worker. Each decoder checks the shape it needs and throws on anything else, so that a damaged
// object is an error naming it, never a page made of half an object.

/** A list page with the tag or language it lists (null for the index). */
export interface TopicPage extends ListPage {
  topic: Topic | null;
}

/** A tag's or language's feed: its topic, and its newest articles with their entries written ahead. */
export interface FeedObject {
  topic: Topic;
  source: FeedSource;
}

/** The store key of a list page: `index/2`, `tag/<key>/1`, `lang/<key>/3`. */
export function listKey(scope: Scope, page: number): string {
  return scope.kind === 'site' ? `index/${page}` : `${scope.kind}/${scope.key}/${page}`;
}

/** The store key of a tag's or language's feed object: `tag/<key>`, `lang/<key>`. */
export function topicFeedKey(scope: Exclude<Scope, { kind: 'site' }>): string {
  return `${scope.kind}/${scope.key}`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** u32 LE length of the JSON, the JSON (topic and articles), then the bytes the entries point into. */
export function encodeFeedObject({ topic, source }: FeedObject): Uint8Array {
  return encodeWithTail({ topic, articles: source.articles }, source.bytes);
}

export function decodeFeedObject(bytes: Uint8Array, name: string): FeedObject {
  const [json, rest] = splitObject(bytes, name);
  const { topic, articles } = parseJson(json, name) as { topic: Topic; articles: Article[] };
  if (!isTopic(topic) || !Array.isArray(articles)) throw new Error(`nashra: store object ${name} is not a feed object`);
  return { topic, source: { articles, bytes: rest } };
}

/**
 * The bundle's manifest as bytes (generated/content.bin, a Data module): the manifest as JSON
 * without the newest articles' bodies; their bodies as JSON; then the bytes their entries point
 * into, each part after its u32 LE length. As a Data module, its text is UTF-8 in the bundle, not a
 * JavaScript string literal, where esbuild would write each Arabic letter as a six-byte escape.
 */
export function encodeManifest(manifest: Manifest): Uint8Array {
  const { newest, ...rest } = manifest;
  const heads = newest.articles.map(({ blocks: _, ...head }) => head);
  return encodeWithTail(
    { ...rest, newest: { articles: heads } },
    encodeWithTail(
      newest.articles.map((a) => a.blocks),
      newest.bytes,
    ),
  );
}

/**
 * The manifest, its articles' bodies decoded only when one is first read: a feed is written from
 * its entries written ahead and needs none, so a new isolate parses a few KB before its first
 * answer rather than every body of the bundle (an article page, or a feed written when serving,
 * reads them).
 */
export function decodeManifest(bytes: Uint8Array): Manifest {
  const [json, rest] = splitObject(bytes, 'the bundle manifest');
  const [bodiesJson, entries] = splitObject(rest, 'the bundle manifest');
  const parsed = parseJson(json, 'the bundle manifest') as Omit<Manifest, 'newest'> & { newest: { articles: Article[] } };
  let bodies: Article['blocks'][] | undefined;
  const body = (i: number) => (bodies ??= parseJson(bodiesJson, 'the bundle manifest') as Article['blocks'][])[i]!;
  parsed.newest.articles.forEach((article, i) => {
    Object.defineProperty(article, 'blocks', { get: () => body(i), enumerable: true, configurable: true });
  });
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

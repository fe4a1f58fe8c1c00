// The record of resolved citations, content/citations.json: what `npm run cite` learned from t.co,
// oEmbed and the Wayback Machine about each cited tweet, kept in the repository so that builds
// never use the network. Read by the compiler (apply-citation-records.ts) and by the resolver
// (scripts/lib/cite/), written only by the resolver. See README, "Citations".
import { FIRST_SNOWFLAKE, tweetTimeFromId } from '../citations/snowflake';
import { tokenizeText } from '../citations/tokenize-text';
import { fnv1a, hex8 } from '../hash';
import type { Tweet } from '../model';
import type { Diagnostic } from './diagnostics';
import { type JsonNode, JsonSyntaxError, readJson } from './read-json';

/** The record's name in the content directory: the compiler reads it, and takes it for no article. */
export const CITATION_RECORD = 'citations.json';
export const RECORD_FORMAT = 1;
const ABOUT =
  'Tweets cited in this directory, as t.co, oEmbed and the Wayback Machine described them when asked. Written by `npm run cite`; review and commit it with the content.';

/**
 * What became of a citation: `resolved` (its tweet is known, the only state the compiler uses);
 * `handle_mismatch` (t.co named a post by someone else); `not_a_tweet` (t.co led elsewhere);
 * `not_found` (t.co does not know the link); `no_link` (the quote has no link to follow).
 */
export const RECORD_STATES = ['resolved', 'handle_mismatch', 'not_a_tweet', 'not_found', 'no_link'] as const;
export type RecordState = (typeof RECORD_STATES)[number];
export type Check = 'same' | 'differs' | 'unknown';

export interface TcoAnswer {
  asked_at: string;
  url: string;
  status: number;
  location: string | null;
}

export interface OembedAnswer {
  asked_at: string;
  url: string;
  status: number;
  author_name: string | null;
  /** The tweet's words as oEmbed gave them, links as displayed. */
  text: string | null;
}

export interface WaybackAnswer {
  asked_at: string;
  /** The CDX queries, one per host the tweet had (twitter.com, x.com). */
  urls: string[];
  /** How many captures they listed together. */
  captures: number;
}

/** One citation. Its identity is file + handle (case-insensitive) + ref; `line` is for people. */
export interface RecordEntry {
  /** The content file, by its name in the record's directory. */
  file: string;
  line: number;
  handle: string;
  /** What identifies the tweet in the quote: `status/<id>`, `pic.twitter.com/<code>` or `quote/<hash>`. */
  ref: string;
  state: RecordState;
  status_url: string | null;
  status_id: string | null;
  time: string | null;
  archive_url: string | null;
  /** The exported date against the id's time (a day either side), the quote against oEmbed's text. */
  checks: { date: Check; text: Check } | null;
  tco: TcoAnswer | null;
  oembed: OembedAnswer | null;
  wayback: WaybackAnswer | null;
}

export interface CitationRecord {
  entries: RecordEntry[];
  /** The line each entry starts on in the file read, by entry. */
  lines: Map<RecordEntry, number>;
}

const HTTP_URL = /^https?:\/\/\S+$/;
const STATUS_URL = /^https:\/\/twitter\.com\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,20})$/;
const REF = /^(?:status\/\d{1,20}|pic\.twitter\.com\/[A-Za-z0-9]{1,40}|quote\/[0-9a-f]{8})$/;
const FILE = /^[^/\\\s]+\.(?:md|txt)$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const ARCHIVE = /^https:\/\/web\.archive\.org\/web\/\d{1,14}\/https?:\/\/[^\s"<>]+$/;
const BIDI_MARKS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
// A link as a tweet displays it: with a scheme, a short link, or a domain and path (`example.com/a…`).
const DISPLAY_LINK = /(?:https?:\/\/|\b)(?:[\w-]+\.)+[a-z]{2,}\/\S*/giu;

/** The codes of the tweet's pic.twitter.com links: each is the t.co link of the tweet's media. */
export function picCodes(text: string): string[] {
  return tokenizeText(text).flatMap((t) => (t.type === 'media' && /pic\.twitter\.com\//i.test(t.raw) ? [t.url.slice('https://t.co/'.length)] : []));
}

/** The tweet's own id, from its status URL. */
export function statusIdOf(tweet: Pick<Tweet, 'statusUrl'>): string | null {
  return tweet.statusUrl ? (/\/status(?:es)?\/(\d+)/.exec(tweet.statusUrl)?.[1] ?? null) : null;
}

/**
 * What identifies a tweet in its quote, stable while the author edits around it: its status id,
 * else its first picture's code, else a hash of its words (then nothing can be looked up).
 */
export function citationRef(tweet: Tweet): string {
  const id = statusIdOf(tweet);
  if (id) return `status/${id}`;
  const pic = picCodes(tweet.text)[0];
  if (pic) return `pic.twitter.com/${pic}`;
  // FNV-1a of its UTF-8: a short, stable name for a quote (identity within one file and handle).
  return `quote/${hex8(fnv1a(new TextEncoder().encode(normalizeQuote(tweet.text))))}`;
}

/** The key under which a citation's entry is found: file, handle (case-insensitive) and ref. */
export function entryKey(e: { file: string; handle: string; ref: string }): string {
  return `${e.file}\u0000${e.handle.toLowerCase()}\u0000${e.ref}`;
}

/**
 * A quote's words, for comparing two copies of one tweet: Unicode NFC, direction marks removed,
 * every link one placeholder (exports and oEmbed write links differently), whitespace collapsed.
 */
export function normalizeQuote(text: string): string {
  return tokenizeText(text.normalize('NFC').replace(BIDI_MARKS, ''))
    .map((t) => (t.type === 'link' || t.type === 'media' ? ' \u27e8link\u27e9 ' : t.raw))
    .join('')
    .replace(DISPLAY_LINK, ' \u27e8link\u27e9 ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function statusUrlOf(handle: string, id: string): string {
  return `https://twitter.com/${handle}/status/${id}`;
}

/** The instant in the id, or null for the old sequential ids that carry none. */
export function timeOfId(id: string): string | null {
  return BigInt(id) >= FIRST_SNOWFLAKE ? tweetTimeFromId(id) : null;
}

/** Entries in the record's order: by file, then in reading order (line, then handle and ref). */
export function sortEntries(entries: RecordEntry[]): RecordEntry[] {
  const key = (e: RecordEntry) => [e.file, e.line.toString().padStart(9, '0'), e.handle.toLowerCase(), e.ref];
  return [...entries].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}

/** The record as it is written: 2-space JSON, keys in a fixed order, entries sorted, a final newline. */
export function serializeCitationRecord(entries: RecordEntry[]): string {
  const ordered = sortEntries(entries).map((e) => ({
    file: e.file,
    line: e.line,
    handle: e.handle,
    ref: e.ref,
    state: e.state,
    status_url: e.status_url,
    status_id: e.status_id,
    time: e.time,
    archive_url: e.archive_url,
    checks: e.checks && { date: e.checks.date, text: e.checks.text },
    tco: e.tco && { asked_at: e.tco.asked_at, url: e.tco.url, status: e.tco.status, location: e.tco.location },
    oembed: e.oembed && {
      asked_at: e.oembed.asked_at,
      url: e.oembed.url,
      status: e.oembed.status,
      author_name: e.oembed.author_name,
      text: e.oembed.text,
    },
    wayback: e.wayback && { asked_at: e.wayback.asked_at, urls: [...e.wayback.urls], captures: e.wayback.captures },
  }));
  return `${JSON.stringify({ about: ABOUT, format: RECORD_FORMAT, citations: ordered }, null, 2)}\n`;
}

/**
 * Reads a record file, checking every field (it may have been edited by hand): the entries, or
 * every problem with its line (`path` names the file in diagnostics).
 */
export function parseCitationRecord(text: string, path: string): { record: CitationRecord } | { errors: Diagnostic[] } {
  let root: JsonNode;
  try {
    root = readJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { errors: [{ file: path, line: e.line, message: `not valid JSON: ${e.message}` }] };
  }
  const errors: Diagnostic[] = [];
  const problem = (line: number, message: string) => errors.push({ file: path, line, message });
  const top = fields(root, '', ['about', 'format', 'citations'], problem);
  if (!top) return { errors };
  const format = top.get('format');
  if (format?.kind !== 'number' || format.value !== RECORD_FORMAT) {
    problem(format?.line ?? root.line, `"format" must be ${RECORD_FORMAT} (this nashra reads format ${RECORD_FORMAT})`);
  }
  const list = top.get('citations');
  if (list?.kind !== 'array') {
    problem(list?.line ?? root.line, '"citations" must be a list');
    return { errors };
  }
  const entries: RecordEntry[] = [];
  const lines = new Map<RecordEntry, number>();
  const seen = new Map<string, number>();
  list.items.forEach((node, i) => {
    const entry = readEntry(node, `citations[${i}]`, problem);
    if (!entry) return;
    const key = entryKey(entry);
    const first = seen.get(key);
    if (first !== undefined) {
      problem(node.line, `citations[${i}]: a second entry for @${entry.handle} ${entry.ref} in ${entry.file} (the first is on line ${first})`);
      return;
    }
    seen.set(key, node.line);
    entries.push(entry);
    lines.set(entry, node.line);
  });
  return errors.length > 0 ? { errors } : { record: { entries, lines } };
}

type Problem = (line: number, message: string) => void;

/** An object's fields by name, after checking that it is an object with exactly these keys. */
function fields(node: JsonNode, where: string, keys: readonly string[], problem: Problem): Map<string, JsonNode> | null {
  const at = where ? `${where}: ` : '';
  if (node.kind !== 'object') {
    problem(node.line, `${at}expected an object`);
    return null;
  }
  const out = new Map<string, JsonNode>();
  let ok = true;
  for (const [key, { keyLine, value }] of node.entries) {
    if (!keys.includes(key)) {
      problem(keyLine, `${at}unknown key "${key}"; known keys: ${keys.join(', ')}`);
      ok = false;
    } else out.set(key, value);
  }
  for (const key of keys) {
    if (!out.has(key) && ok) {
      problem(node.line, `${at}"${key}" is missing`);
      ok = false;
    }
  }
  return ok ? out : null;
}

function readEntry(node: JsonNode, where: string, problem: Problem): RecordEntry | null {
  const keys = ['file', 'line', 'handle', 'ref', 'state', 'status_url', 'status_id', 'time', 'archive_url', 'checks', 'tco', 'oembed', 'wayback'];
  const f = fields(node, where, keys, problem);
  if (!f) return null;
  const v = reader(f, where, problem);
  const INSTANT_UTC = 'an RFC 3339 instant in UTC';
  const CHECK = /^(?:same|differs|unknown)$/;

  const file = v.string('file', FILE, 'a content file name in this directory (e.g. my-article.txt)');
  const line = v.count('line', 1);
  const handle = v.string('handle', /^[A-Za-z0-9_]{1,15}$/, 'a handle (1–15 letters, digits or _, without @)');
  const ref = v.string('ref', REF, 'status/<id>, pic.twitter.com/<code> or quote/<8 hex digits>');
  const state = v.string('state', new RegExp(`^(?:${RECORD_STATES.join('|')})$`), `one of ${RECORD_STATES.join(', ')}`) as RecordState | null;
  const statusUrl = v.nullableString('status_url', STATUS_URL, 'https://twitter.com/<handle>/status/<id>');
  const statusId = v.nullableString('status_id', /^\d{1,20}$/, 'the digits of the status id');
  const time = v.nullableString('time', INSTANT, INSTANT_UTC);
  const archiveUrl = v.nullableString('archive_url', ARCHIVE, 'https://web.archive.org/web/<timestamp>/<url>');
  const checks = v.nullableObject('checks', ['date', 'text'], (r) => {
    const date = r.string('date', CHECK, 'same, differs or unknown') as Check | null;
    const text = r.string('text', CHECK, 'same, differs or unknown') as Check | null;
    return date && text ? { date, text } : null;
  });
  const tco = v.nullableObject('tco', ['asked_at', 'url', 'status', 'location'], (r) => {
    const answer = {
      asked_at: r.string('asked_at', INSTANT, INSTANT_UTC),
      url: r.string('url', HTTP_URL, 'an http(s) URL'),
      status: r.count('status', 100),
      location: r.nullableString('location', /^\S+$/, 'a URL'),
    };
    return r.ok() ? (answer as TcoAnswer) : null;
  });
  const oembed = v.nullableObject('oembed', ['asked_at', 'url', 'status', 'author_name', 'text'], (r) => {
    const answer = {
      asked_at: r.string('asked_at', INSTANT, INSTANT_UTC),
      url: r.string('url', HTTP_URL, 'an http(s) URL'),
      status: r.count('status', 100),
      author_name: r.nullableString('author_name', /^/, 'text'),
      text: r.nullableString('text', /^/, 'text'),
    };
    return r.ok() ? (answer as OembedAnswer) : null;
  });
  const wayback = v.nullableObject('wayback', ['asked_at', 'urls', 'captures'], (r) => {
    const answer = {
      asked_at: r.string('asked_at', INSTANT, INSTANT_UTC),
      urls: r.strings('urls', HTTP_URL, 'http(s) URLs'),
      captures: r.count('captures', 0),
    };
    return r.ok() ? (answer as WaybackAnswer) : null;
  });
  if (!v.ok()) return null;

  const entry: RecordEntry = {
    file: file!,
    line: line!,
    handle: handle!,
    ref: ref!,
    state: state!,
    status_url: statusUrl!,
    status_id: statusId!,
    time: time!,
    archive_url: archiveUrl!,
    checks: checks!,
    tco: tco!,
    oembed: oembed!,
    wayback: wayback!,
  };
  // The fields the compiler uses must agree with each other: a hand edit cannot make a link up.
  const at = (key: string) => f.get(key)!.line;
  let ok = true;
  const bad = (key: string, message: string) => {
    ok = false;
    problem(at(key), `${where}.${key}: ${message}`);
  };
  if (entry.state === 'resolved') {
    if (entry.status_url === null || entry.status_id === null) bad('status_url', 'a resolved entry needs status_url and status_id');
    else {
      const [, urlHandle = '', urlId = ''] = STATUS_URL.exec(entry.status_url)!;
      if (urlHandle.toLowerCase() !== entry.handle.toLowerCase()) bad('status_url', `names @${urlHandle}, not the cited @${entry.handle}`);
      if (urlId !== entry.status_id) bad('status_id', `"${entry.status_id}" is not the id in status_url (${urlId})`);
      else if (entry.time !== timeOfId(urlId)) bad('time', `must be the instant in the status id: ${timeOfId(urlId) ?? 'null'}`);
      if (entry.ref.startsWith('status/') && entry.ref !== `status/${urlId}`) bad('ref', 'names another status than status_url');
    }
  } else {
    for (const key of ['status_url', 'status_id', 'time', 'archive_url'] as const) {
      if (entry[key] !== null) bad(key, `must be null unless the state is resolved (it is ${entry.state})`);
    }
  }
  return ok ? entry : null;
}

/** Typed field readers that report what they expected; `ok()` says whether all of them succeeded. */
interface Reader {
  ok(): boolean;
  string(key: string, pattern: RegExp, expected: string): string | null;
  nullableString(key: string, pattern: RegExp, expected: string): string | null;
  strings(key: string, pattern: RegExp, expected: string): string[] | null;
  count(key: string, min: number): number | null;
  /** null for JSON null; else the object read by `read` (null, and not ok, when it is wrong). */
  nullableObject<T>(key: string, keys: readonly string[], read: (r: Reader) => T | null): T | null;
}

function reader(f: Map<string, JsonNode>, where: string, problem: Problem): Reader {
  let ok = true;
  const node = (key: string) => f.get(key)!;
  const wrong = (key: string, message: string): null => {
    ok = false;
    problem(node(key).line, `${where}.${key}: ${message}`);
    return null;
  };
  const string = (key: string, pattern: RegExp, expected: string): string | null => {
    const n = node(key);
    if (n.kind !== 'string') return wrong(key, `expected ${expected}`);
    if (!pattern.test(n.value)) return wrong(key, `"${n.value}" is not ${expected}`);
    return n.value;
  };
  return {
    ok: () => ok,
    string,
    nullableString: (key: string, pattern: RegExp, expected: string): string | null => (node(key).kind === 'null' ? null : string(key, pattern, expected)),
    strings: (key: string, pattern: RegExp, expected: string): string[] | null => {
      const n = node(key);
      const items = n.kind === 'array' ? n.items : [];
      if (n.kind !== 'array' || items.some((i) => i.kind !== 'string' || !pattern.test(i.value))) return wrong(key, `expected a list of ${expected}`);
      return items.map((i) => (i as { value: string }).value);
    },
    count: (key: string, min: number): number | null => {
      const n = node(key);
      if (n.kind !== 'number' || !Number.isInteger(n.value) || n.value < min) return wrong(key, `expected a whole number from ${min}`);
      return n.value;
    },
    nullableObject: <T>(key: string, keys: readonly string[], read: (r: Reader) => T | null): T | null => {
      const n = node(key);
      if (n.kind === 'null') return null;
      const inner = fields(n, `${where}.${key}`, keys, problem);
      const value = inner ? read(reader(inner, `${where}.${key}`, problem)) : null;
      if (value === null) ok = false;
      return value;
    },
  };
}

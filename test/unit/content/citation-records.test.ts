import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyCitationRecords } from '../../../src/content/apply-citation-records';
import {
  CITATION_RECORD,
  citationRef,
  normalizeQuote,
  parseCitationRecord,
  type RecordEntry,
  serializeCitationRecord,
} from '../../../src/content/citation-record';
import { compileWithRecord } from '../../support/compile';
import { ContentError } from '../../../src/content/diagnostics';
import { JsonSyntaxError, readJson } from '../../../src/content/read-json';
import type { Article, Tweet } from '../../../src/model';
import { makeArticle } from '../../support/make-article';
import { makeTweet } from '../../support/make-tweet';

const _sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const PATH = 'content/citations.json';
const ID = '1484461126309265185';
const STATUS = `https://twitter.com/Mustafa5g4d2k8u/status/${ID}`;
const CAPTURE = `https://web.archive.org/web/20220121101502/${STATUS}`;

const entry = (overrides: Partial<RecordEntry> = {}): RecordEntry => ({
  file: 'attack.txt',
  line: 10,
  handle: 'Mustafa5g4d2k8u',
  ref: 'pic.twitter.com/i7asX0525C',
  state: 'resolved',
  status_url: STATUS,
  status_id: ID,
  time: '2022-01-21T09:41:27.123Z',
  archive_url: CAPTURE,
  checks: { date: 'same', text: 'same' },
  tco: { asked_at: '2026-07-01T12:00:00.000Z', url: 'https://t.co/i7asX0525C', status: 301, location: `${STATUS}/photo/1` },
  oembed: null,
  wayback: { asked_at: '2026-07-01T12:00:00.000Z', urls: ['https://web.archive.org/cdx/search/cdx?url=x'], captures: 1 },
  ...overrides,
});
const recordFile = (entries: RecordEntry[]) => ({ path: PATH, bytes: new TextEncoder().encode(serializeCitationRecord(entries)) });
const rawFile = (text: string) => ({ path: PATH, bytes: new TextEncoder().encode(text) });

const quoted = (overrides: Partial<Tweet> = {}) =>
  makeTweet({ text: 'Fighting goes on pic.twitter.com/i7asX0525C', handle: 'Mustafa5g4d2k8u', media: ['https://t.co/i7asX0525C'], ...overrides });
const articleWith = (...tweets: Tweet[]): Article =>
  makeArticle({ file: 'content/attack.txt', slug: 'attack', blocks: tweets.map((tweet, i) => ({ type: 'tweet' as const, tweet, line: 10 + 5 * i })) });
const tweetsOf = (articles: Article[]) => articles.flatMap((a) => a.blocks.flatMap((b) => (b.type === 'tweet' ? [b.tweet] : [])));

describe('applyCitationRecords', () => {
  it('fills in the status URL, exact time and capture of a resolved citation', () => {
    const { articles, errors, warnings } = applyCitationRecords([articleWith(quoted())], recordFile([entry()]));
    expect([errors, warnings]).toEqual([[], []]);
    expect(tweetsOf(articles)).toEqual([quoted({ statusUrl: STATUS, time: '2022-01-21T09:41:27.123Z', archiveUrl: CAPTURE })]);
  });

  it('leaves archiveUrl out when no capture was found, so the archive link is the one of today', () => {
    const { articles } = applyCitationRecords([articleWith(quoted())], recordFile([entry({ archive_url: null })]));
    expect(tweetsOf(articles)[0]).toEqual(quoted({ statusUrl: STATUS, time: '2022-01-21T09:41:27.123Z' }));
    expect('archiveUrl' in tweetsOf(articles)[0]!).toBe(false);
  });

  it('matches the handle in any case, and ignores the line (quotes move)', () => {
    const { articles } = applyCitationRecords([articleWith(quoted({ handle: 'mustafa5G4D2K8U' }))], recordFile([entry({ line: 99 })]));
    expect(tweetsOf(articles)[0]!.statusUrl).toBe(STATUS);
  });

  it.each([
    ['handle_mismatch', { location: 'https://twitter.com/other/status/1/photo/1' }],
    ['not_a_tweet', { location: 'https://example.com/' }],
    ['not_found', { status: 404, location: null }],
  ] as const)('never links a tweet from a %s entry', (state, tco) => {
    const unresolved = entry({
      state,
      status_url: null,
      status_id: null,
      time: null,
      archive_url: null,
      checks: null,
      wayback: null,
      tco: { ...entry().tco!, ...tco },
    });
    const article = articleWith(quoted());
    const { articles, warnings } = applyCitationRecords([article], recordFile([unresolved]));
    expect(tweetsOf(articles)).toEqual([quoted()]);
    expect(warnings).toEqual([]);
  });

  it('warns, with the record line, about an entry whose citation is gone', () => {
    const gone = entry({
      handle: 'sebusher',
      ref: 'pic.twitter.com/fua89uC5wV',
      status_url: null,
      status_id: null,
      time: null,
      archive_url: null,
      state: 'not_found',
    });
    const { warnings } = applyCitationRecords([articleWith(quoted())], recordFile([entry(), gone]));
    expect(warnings).toEqual([
      {
        file: PATH,
        line: 34,
        message: 'no citation of @sebusher pic.twitter.com/fua89uC5wV in attack.txt any more (`npm run cite -- --prune` drops this entry)',
      },
    ]);
  });

  it('returns the articles untouched without a record', () => {
    const articles = [articleWith(quoted())];
    expect(applyCitationRecords(articles, null)).toEqual({ articles, errors: [], warnings: [] });
    expect(applyCitationRecords(articles, null).articles).toBe(articles);
  });

  it.each([
    ['invalid JSON', serializeCitationRecord([entry()]).replace('"line": 10,', '"line": 10'), 8, 'not valid JSON: unexpected """: expected "," or "}"'],
    [
      'an unknown state',
      serializeCitationRecord([entry()]).replace('"resolved"', '"resolvd"'),
      10,
      'citations[0].state: "resolvd" is not one of resolved, handle_mismatch, not_a_tweet, not_found, no_link',
    ],
    [
      "a time that is not the id's",
      serializeCitationRecord([entry()]).replace('09:41:27.123Z', '09:41:28.000Z'),
      13,
      'citations[0].time: must be the instant in the status id: 2022-01-21T09:41:27.123Z',
    ],
    [
      'a status of another author',
      serializeCitationRecord([entry()]).replace(`"status_url": "${STATUS}"`, `"status_url": "https://twitter.com/other/status/${ID}"`),
      11,
      'citations[0].status_url: names @other, not the cited @Mustafa5g4d2k8u',
    ],
    [
      'a link made up for an unresolved entry',
      serializeCitationRecord([entry({ state: 'not_found', status_id: null, time: null, archive_url: null })]),
      11,
      'citations[0].status_url: must be null unless the state is resolved (it is not_found)',
    ],
    [
      'an archive link elsewhere',
      serializeCitationRecord([entry()]).replace(CAPTURE, 'https://evil.example/x'),
      14,
      'citations[0].archive_url: "https://evil.example/x" is not https://web.archive.org/web/<timestamp>/<url>',
    ],
    [
      'an unknown key',
      serializeCitationRecord([entry()]).replace('"line": 10,', '"line": 10,\n      "note": "hi",'),
      8,
      'citations[0]: unknown key "note"; known keys: file, line, handle, ref, state, status_url, status_id, time, archive_url, checks, tco, oembed, wayback',
    ],
    [
      'two entries for one citation',
      serializeCitationRecord([entry(), entry({ line: 12 })]),
      34,
      'citations[1]: a second entry for @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C in attack.txt (the first is on line 5)',
    ],
    ['another format', serializeCitationRecord([]).replace('"format": 1', '"format": 2'), 3, '"format" must be 1 (this nashra reads format 1)'],
  ])('refuses a record with %s, naming its line', (_, text, line, message) => {
    expect(applyCitationRecords([articleWith(quoted())], rawFile(text)).errors).toEqual([{ file: PATH, line, message }]);
  });

  it('refuses a record that is not UTF-8', () => {
    expect(applyCitationRecords([], { path: PATH, bytes: new Uint8Array([0x7b, 0xff, 0x7d]) }).errors).toEqual([
      { file: PATH, line: 1, message: 'not UTF-8 (the record is written as UTF-8 JSON by npm run cite)' },
    ]);
  });
});

describe('compiling with a record', () => {
  const real = () =>
    readdirSync('content')
      .filter((n) => n !== CITATION_RECORD)
      .map((name) => ({ path: `content/${name}`, bytes: new Uint8Array(readFileSync(`content/${name}`)) }));

  it("gives exactly today's output for the bundled article without a record, and with one that matches nothing", () => {
    const today = compileWithRecord(real(), null);
    const other = recordFile([entry({ file: 'elsewhere.txt' })]);
    const { articles, warnings } = compileWithRecord(real(), other);
    expect(articles).toEqual(today.articles);
    expect(warnings).toEqual([
      {
        file: PATH,
        line: 5,
        message: 'no citation of @Mustafa5g4d2k8u pic.twitter.com/i7asX0525C in elsewhere.txt any more (`npm run cite -- --prune` drops this entry)',
      },
    ]);
  });

  it('changes the compiled article with the record, since the feeds change', () => {
    const today = compileWithRecord(real(), null).articles;
    const cited = compileWithRecord(real(), recordFile([entry({ file: 'hasakah-ghwayran-prison-attack.txt' })])).articles;
    expect(cited).not.toEqual(today);
    expect(tweetsOf(cited)[0]!.statusUrl).toBe(STATUS);
  });

  it('stops the build on a bad record, with its file and line', () => {
    expect(() => compileWithRecord(real(), rawFile('{\n  "about": "x",\n  "format": 1\n  "citations": []\n}\n'))).toThrow(ContentError);
    try {
      compileWithRecord(real(), rawFile('{\n  "about": "x",\n  "format": 1\n  "citations": []\n}\n'));
    } catch (e) {
      expect((e as ContentError).message).toBe('content/citations.json:4: not valid JSON: unexpected """: expected "," or "}"');
    }
  });
});

describe('the record format', () => {
  it('round-trips: what is written reads back the same, and writes the same bytes', () => {
    const entries = [
      entry(),
      entry({
        file: 'a.txt',
        line: 3,
        handle: 'Hanzpal2',
        ref: 'quote/0123abcd',
        state: 'no_link',
        status_url: null,
        status_id: null,
        time: null,
        archive_url: null,
        checks: null,
        tco: null,
        wayback: null,
      }),
    ];
    const text = serializeCitationRecord(entries);
    const read = parseCitationRecord(text, PATH);
    if (!('record' in read)) throw new Error(JSON.stringify(read.errors));
    expect(read.record.entries).toEqual([entries[1], entries[0]]);
    expect(serializeCitationRecord(read.record.entries)).toBe(text);
    expect([...read.record.lines.values()]).toEqual([5, 20]);
  });

  it('sorts entries by file, then line, whatever order they come in', () => {
    const entries = [entry({ line: 20, ref: 'pic.twitter.com/b' }), entry({ file: 'a.txt' }), entry({ line: 5, ref: 'pic.twitter.com/c' })];
    const order = JSON.parse(serializeCitationRecord(entries)).citations.map((e: RecordEntry) => `${e.file}:${e.line}`);
    expect(order).toEqual(['a.txt:10', 'attack.txt:5', 'attack.txt:20']);
    expect(serializeCitationRecord([...entries].reverse())).toBe(serializeCitationRecord(entries));
  });

  it('identifies a citation by its status id, else its first picture, else a hash of its words', () => {
    expect(citationRef(quoted({ statusUrl: STATUS }))).toBe(`status/${ID}`);
    expect(citationRef(quoted({ text: 'a https://t.co/zzz b pic.twitter.com/AbC1 pic.twitter.com/Second' }))).toBe('pic.twitter.com/AbC1');
    const words = citationRef(quoted({ text: 'Only words here' }));
    expect(words).toMatch(/^quote\/[0-9a-f]{8}$/);
    expect(citationRef(quoted({ text: ' Only\n words   here ' }))).toBe(words);
    expect(citationRef(quoted({ text: 'Other words' }))).not.toBe(words);
  });

  it('compares quotes without whitespace, direction marks or the way links are written', () => {
    expect(normalizeQuote('\u200fHello\n  world https://t.co/abc')).toBe('Hello world \u27e8link\u27e9');
    expect(normalizeQuote('Hello world pic.twitter.com/abc')).toBe('Hello world \u27e8link\u27e9');
    expect(normalizeQuote('Read example.com/some/pa… now')).toBe('Read \u27e8link\u27e9 now');
  });
});

describe('readJson', () => {
  it('reads JSON with the line of every value', () => {
    const node = readJson('{\n  "a": [1, true],\n  "b": {\n    "c": null\n  }\n}');
    expect(node.kind).toBe('object');
    if (node.kind !== 'object') return;
    expect(node.entries.get('a')).toEqual({
      keyLine: 2,
      value: {
        kind: 'array',
        line: 2,
        items: [
          { kind: 'number', line: 2, value: 1 },
          { kind: 'boolean', line: 2, value: true },
        ],
      },
    });
    expect(node.entries.get('b')!.value).toEqual({ kind: 'object', line: 3, entries: new Map([['c', { keyLine: 4, value: { kind: 'null', line: 4 } }]]) });
  });

  it('decodes escapes as JSON.parse does', () => {
    const text = '"a\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00"';
    expect(readJson(text)).toEqual({ kind: 'string', line: 1, value: JSON.parse(text) });
  });

  it.each([
    ['{\n  "a": 1,\n}', 3, 'unexpected "}": expected a key in double quotes'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 'unexpected """: expected "," or "}"'],
    ['[1,\n2', 2, 'unexpected the end of the file: expected "," or "]"'],
    ['{"a": "x\ny"}', 1, 'unterminated string (a line break inside a string must be written \\n)'],
    ['{"a": 1, "a": 2}', 1, 'key "a" appears twice in one object'],
    ['{\n\n"a": tru}', 3, 'unexpected "t": expected a value'],
    ['{} {}', 1, 'unexpected "{" after the end of the JSON value'],
    ['"\\x"', 1, 'bad escape \\x in a string'],
    ['01', 1, 'unexpected "1" after the end of the JSON value'],
    ['', 1, 'unexpected the end of the file: expected a value'],
  ])('refuses %j at line %i', (text, line, message) => {
    expect(() => readJson(text)).toThrow(JsonSyntaxError);
    try {
      readJson(text);
    } catch (e) {
      expect([(e as JsonSyntaxError).line, (e as JsonSyntaxError).message]).toEqual([line, message]);
    }
  });
});

import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { renderAtom } from '../../../src/feeds/render-atom';
import { renderJsonFeed } from '../../../src/feeds/render-json-feed';
import { renderRss } from '../../../src/feeds/render-rss';
import type { Article, Block, Tweet } from '../../../src/model';
import { xmlSafe } from '../../../src/xml-chars';
import { makeArticle, makeContent, makeSite } from '../../support/make-article';
import { xmllint } from '../../support/xmllint';
import { decode } from '../../support/decode';
import { jsonFeedErrors } from '../../support/json-feed-schema';

// Any UTF-16 code unit (control characters and lone surrogates included), biased towards the
// strings that break naive XML writers.
const nasty = fc.constantFrom(
  ']]>',
  ']]]]>',
  '&amp;',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\u0000',
  '\u000B',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDC00',
  '\u2067',
  '</content>',
  '<![CDATA[',
  '\r\n',
  '\t',
);
const anyText = fc
  .array(fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), nasty), { maxLength: 6 })
  .map((parts) => parts.join(''));

const tweet: fc.Arbitrary<Tweet> = fc.record({
  text: anyText,
  authorName: anyText,
  handle: fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/),
  date: fc.constant('2022-01-21'),
  time: fc.constant(null),
  statusUrl: fc.option(fc.constant('https://twitter.com/a/status/1484561839458828291'), { nil: null }),
  media: fc.constant(['https://t.co/abc']),
  lang: fc.constantFrom('ar', 'en'),
  dir: fc.constantFrom('rtl' as const, 'ltr' as const),
});
const block: fc.Arbitrary<Block> = fc.oneof(
  anyText.map((text) => ({ type: 'paragraph' as const, text, line: 1 })),
  anyText.map((text) => ({ type: 'heading' as const, text, level: 2 as const, line: 1 })),
  tweet.map((t) => ({ type: 'tweet' as const, tweet: t, line: 1 })),
);
const article: fc.Arbitrary<Article> = fc
  .record({
    title: anyText,
    author: fc.option(anyText, { nil: null }),
    summary: anyText,
    tags: fc.array(anyText, { maxLength: 3 }),
    id: fc.option(
      anyText.map((s) => `urn:x:${s}`),
      { nil: null },
    ),
    blocks: fc.array(block, { maxLength: 5 }),
  })
  .map((fields) => makeArticle(fields));
const siteText = fc.record({ title: anyText, description: anyText, author: anyText });

function render(a: Article, s: { title: string; description: string; author: string }) {
  const model = buildFeedModel(makeContent([a]), makeSite(s));
  return { rss: decode(renderRss(model)), atom: decode(renderAtom(model)), json: decode(renderJsonFeed(model)) };
}

/** What an XML parser gives back for text we wrote: line ends are normalized (XML 1.0 §2.11). */
const expected = (text: string) => xmlSafe(text).replace(/\r\n?/g, '\n');

const parser = new XMLParser({ ignoreAttributes: false, trimValues: false, processEntities: true, htmlEntities: false, parseTagValue: false });

describe('rendering arbitrary strings in every field', () => {
  it('always yields well-formed XML and valid JSON, and loses no allowed character', () => {
    fc.assert(
      fc.property(article, siteText, (a, s) => {
        const { rss, atom, json } = render(a, s);
        expect(XMLValidator.validate(rss)).toBe(true);
        expect(XMLValidator.validate(atom)).toBe(true);
        const jsonFeed = JSON.parse(json);
        // What went in comes back out, less only what XML cannot carry.
        // (feed omits an empty RSS title; the compiler never lets one through)
        expect(parser.parse(rss).rss.channel.item.title ?? '').toBe(expected(a.title));
        expect(parser.parse(rss).rss.channel.title ?? '').toBe(expected(s.title));
        expect(parser.parse(atom).feed.entry.title).toBe(expected(a.title));
        expect(parser.parse(atom).feed.title).toBe(expected(s.title));
        expect(jsonFeed.items[0].title).toBe(xmlSafe(a.title));
        // Written by hand, it is what JSON.stringify(document, null, 2) writes, and valid JSON Feed 1.1.
        expect(json).toBe(`${JSON.stringify(jsonFeed, null, 2)}\n`);
        expect(jsonFeedErrors(json)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is accepted by xmllint (libxml2) for a large sample', () => {
    const docs = fc.sample(fc.tuple(article, siteText), { numRuns: 200, seed: 20260125 }).flatMap(([a, s]) => {
      const { rss, atom } = render(a, s);
      return [rss, atom];
    });
    expect(xmllint(docs)).toBe('');
  });
});

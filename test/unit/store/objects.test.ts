import { describe, expect, it } from 'vitest';
import { assembleArchive, feedSource } from '../../../src/archive/assemble-archive';
import { buildFeedModel, entriesHold } from '../../../src/feeds/build-feed-model';
import { renderRss } from '../../../src/feeds/render-rss';
import {
  decodeFeedObject,
  decodeManifest,
  encodeFeedObject,
  encodeFeedObjectOfBodies,
  encodeManifest,
  feedBodiesKey,
  feedKey,
  withBodies,
} from '../../../src/store/objects';
import { packNumber } from '../../../src/store/read-store';
import { SITE } from '../../../src/urls';
import { decode } from '../../support/decode';
import { makeArticle, makeSite } from '../../support/make-article';

const OPTIONS = { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 };
const manifest = () =>
  assembleArchive(
    // No author of their own: their entries hold only for the site's author the build read.
    [1, 2, 3].map((i) => makeArticle({ slug: `a${i}`, author: null, date: `2022-01-0${i}T00:00:00Z`, updated: `2022-01-0${i}T00:00:00Z` })),
    'v1',
    OPTIONS,
  ).manifest;

describe('the bundle manifest', () => {
  it('reads back what was written', () => {
    const written = manifest();
    expect(JSON.parse(JSON.stringify(decodeManifest(encodeManifest(written))))).toEqual(JSON.parse(JSON.stringify(written)));
  });

  it('holds no article body, and the site’s feed is written from its entries alone', () => {
    const bytes = encodeManifest(manifest());
    // Issue 10: the bundle holds the newest entries and heads, no body; their pages come from the store.
    expect(new TextDecoder().decode(bytes)).not.toContain('"blocks"');
    const read = decodeManifest(bytes);
    expect(read.newest.articles.every((a) => !('blocks' in a))).toBe(true);
    const site = makeSite({ author: 'Desk' });
    expect(entriesHold(read.newest, site)).toBe(true);
    const rss = decode(renderRss(buildFeedModel(read.newest, site)));
    expect(rss.match(/<item>/g)).toHaveLength(3);
    // Entries that do not hold (another author) need the bodies, which the bundle does not have.
    const other = makeSite({ author: 'Other desk' });
    expect(entriesHold(read.newest, other)).toBe(false);
    expect(() => buildFeedModel(read.newest, other)).toThrow(/must be written, and its body is not at hand/);
  });
});

describe('a feed object', () => {
  const site = makeSite({ author: 'Desk' });
  const object = () => {
    const articles = [1, 2, 3].map((i) => makeArticle({ slug: `a${i}`, author: null, date: `2022-01-0${i}T00:00:00Z`, updated: `2022-01-0${i}T00:00:00Z` }));
    return { topic: { key: 'x', name: 'X', count: 3 }, source: feedSource(articles.reverse(), OPTIONS) };
  };

  it('reads back what was written: heads and entries, and the bodies apart', () => {
    const written = object();
    const { feed, bodies } = encodeFeedObject(written);
    const read = decodeFeedObject(feed, 'feeds:x');
    expect(read.source.articles.every((a) => !('blocks' in a))).toBe(true);
    const whole = { topic: read.topic, source: withBodies(read.source, bodies, 'feeds:x\tbodies') };
    expect(JSON.parse(JSON.stringify(whole))).toEqual(JSON.parse(JSON.stringify(written)));
  });

  it('is the same bytes written from its heads and its bodies as JSON, none or many', () => {
    const { topic, source } = object();
    const bodies = (articles: { blocks: unknown }[]) => articles.map((a) => new TextEncoder().encode(JSON.stringify(a.blocks)));
    expect(encodeFeedObjectOfBodies(topic, source, bodies(source.articles))).toEqual(encodeFeedObject({ topic, source }));
    const none = { articles: [], bytes: new Uint8Array(0) };
    expect(encodeFeedObjectOfBodies(null, none, [])).toEqual(encodeFeedObject({ topic: null, source: none }));
  });

  it('writes a feed from its entries without the bodies, and needs them only when the entries do not hold', () => {
    const { feed, bodies } = encodeFeedObject(object());
    // Issue 10: what a feed's request reads holds no body.
    expect(new TextDecoder().decode(feed)).not.toContain('"blocks"');
    const { source } = decodeFeedObject(feed, 'feeds:x');
    expect(decode(renderRss(buildFeedModel(source, site))).match(/<item>/g)).toHaveLength(3);
    const other = makeSite({ author: 'Other desk' });
    expect(entriesHold(source, other)).toBe(false);
    expect(() => buildFeedModel(source, other)).toThrow(/must be written, and its body is not at hand/);
    const rss = decode(renderRss(buildFeedModel(withBodies(source, bodies, 'feeds:x\tbodies'), other)));
    expect(rss.match(/<dc:creator>Other desk<\/dc:creator>/g)).toHaveLength(3);
  });

  it.each([
    ['not JSON', '{', 'nashra: store object feeds:x\tbodies is not valid JSON'],
    ['another count of bodies', '[[]]', 'nashra: store object feeds:x\tbodies is not the bodies of its feed'],
    ['not a body', '[[],[],{}]', 'nashra: store object feeds:x\tbodies is not the bodies of its feed'],
  ])('refuses bodies that are %s, naming the object', (_name, text, message) => {
    const { source } = decodeFeedObject(encodeFeedObject(object()).feed, 'feeds:x');
    expect(() => withBodies(source, new TextEncoder().encode(text), 'feeds:x\tbodies')).toThrow(message);
  });

  it('keeps a feed and its bodies in one pack', () => {
    const layout = { articles: 1, lists: 1, feeds: 64 };
    for (const scope of [SITE, { kind: 'tag', key: 'الحسكة' } as const, { kind: 'lang', key: 'en' } as const]) {
      expect(packNumber(layout, 'feeds', feedBodiesKey(scope))).toBe(packNumber(layout, 'feeds', feedKey(scope)));
    }
  });
});

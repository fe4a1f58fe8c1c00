import { describe, expect, it } from 'vitest';
import { assembleArchive, feedSource } from '../../../src/archive/assemble-archive';
import { buildFeedModel, entriesHold } from '../../../src/feeds/build-feed-model';
import { renderRss } from '../../../src/feeds/render-rss';
import { decodeFeedObject, decodeManifest, encodeFeedObject, encodeManifest } from '../../../src/store/objects';
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

  it('reads back what was written, bodies included', () => {
    const written = object();
    expect(JSON.parse(JSON.stringify(decodeFeedObject(encodeFeedObject(written), 'feeds:x')))).toEqual(JSON.parse(JSON.stringify(written)));
  });

  it('parses the bodies only when one is read: a feed whose entries hold is written without them', () => {
    const bytes = encodeFeedObject(object());
    // The bodies' JSON damaged at its first byte: whoever reads a body fails, the feed does not.
    const headLength = new DataView(bytes.buffer).getUint32(0, true);
    bytes[4 + headLength + 4] = 0x7b;
    const { source } = decodeFeedObject(bytes, 'feeds:x');
    expect(decode(renderRss(buildFeedModel(source, site))).match(/<item>/g)).toHaveLength(3);
    expect(() => source.articles[0]!.blocks).toThrow('nashra: store object feeds:x is not valid JSON');
    expect(() => buildFeedModel(source, makeSite({ author: 'Other desk' }))).toThrow('nashra: store object feeds:x is not valid JSON');
  });
});

import { describe, expect, it } from 'vitest';
import { assembleArchive } from '../../../src/archive/assemble-archive';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { renderRss } from '../../../src/feeds/render-rss';
import { decodeManifest, encodeManifest } from '../../../src/store/objects';
import { decode } from '../../support/decode';
import { makeArticle, makeSite } from '../../support/make-article';

const OPTIONS = { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 };
const manifest = () =>
  assembleArchive(
    [1, 2, 3].map((i) => makeArticle({ slug: `a${i}`, date: `2022-01-0${i}T00:00:00Z`, updated: `2022-01-0${i}T00:00:00Z` })),
    'v1',
    OPTIONS,
  ).manifest;

describe('the bundle manifest', () => {
  it('reads back what was written, bodies included', () => {
    const written = manifest();
    expect(JSON.parse(JSON.stringify(decodeManifest(encodeManifest(written))))).toEqual(JSON.parse(JSON.stringify(written)));
  });

  it('decodes the bodies only when one is read: the site’s feed is written without them', () => {
    const bytes = encodeManifest(manifest());
    // The bodies' JSON cut at its first byte: whoever reads a body fails, the feed does not.
    const headLength = new DataView(bytes.buffer).getUint32(0, true);
    bytes[4 + headLength + 4] = 0x7b;
    bytes[4 + headLength + 5] = 0x7b;
    const read = decodeManifest(bytes);
    const rss = decode(renderRss(buildFeedModel(read.newest, makeSite({ author: 'Desk' }))));
    expect(rss.match(/<item>/g)).toHaveLength(3);
    expect(() => read.newest.articles[0]!.blocks).toThrow('nashra: store object the bundle manifest is not valid JSON');
  });
});

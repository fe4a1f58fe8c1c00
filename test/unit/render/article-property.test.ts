import { parseAtomFeed } from 'feedsmith';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../src/content/parse-article';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { renderAtom } from '../../../src/feeds/render-atom';
import { renderRss } from '../../../src/feeds/render-rss';
import { renderArticleHtml } from '../../../src/render/render-article';
import { contentFile, makeContent, makeSite } from '../../support/make-article';
import { decode } from '../../support/decode';

// Whole articles, from file to feed: a body of ordinary paragraphs and embedded tweets.
const word = fc.constantFrom('قتلت', 'قوات', 'سوريا', '"قسد"', 'السجن', 'news', 'prison', '23', '(SDF)', '—', 'said:', '#Syria', '@sdf', 'a&b', '<b>', ']]>');
const sentence = fc.array(word, { minLength: 3, maxLength: 12 }).map((w) => `${w.join(' ')}.`);
const tweet = fc.record({
  text: fc
    .array(
      word.filter((w) => w !== '—'),
      { minLength: 2, maxLength: 10 },
    )
    .map((w) => w.join(' ')),
  media: fc.option(fc.stringMatching(/^[A-Za-z0-9]{10}$/), { nil: null }),
  name: fc.constantFrom('Mustafa AL Dulaimi', 'Hanzala', 'مراسل العربي', 'Jane (Reporter) 🌍'),
  handle: fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/),
  date: fc.constantFrom('January 21, 2022', 'Jan 21, 2022', '21 January 2022', '٢١ يناير ٢٠٢٢', '21 يناير 2022'),
});
const body = fc.array(
  fc.oneof(
    sentence.map((text) => ({ kind: 'p' as const, text })),
    tweet.map((t) => ({ kind: 'tweet' as const, ...t })),
  ),
  { minLength: 1, maxLength: 8 },
);

/** What a reader sees: text content with the bidi isolates (invisible formatting) removed. */
function visible(html: string, selector: (el: ReturnType<typeof parseDocument>) => ReturnType<typeof DomUtils.findAll>): string[] {
  return selector(parseDocument(html)).map((el) => DomUtils.textContent(el).replace(/[\u2066-\u2069]/g, ''));
}

describe('an article of paragraphs and tweets, end to end', () => {
  it('cites every tweet exactly once, keeps every paragraph exactly once, and stays well-formed', () => {
    fc.assert(
      fc.property(body, (blocks) => {
        // A paragraph right before a tweet's text would be read as part of nothing: tweets stand alone.
        const lines = blocks.flatMap((b) =>
          b.kind === 'p' ? [b.text] : [`${b.text}${b.media ? ` pic.twitter.com/${b.media}` : ''}`, `— ${b.name} (@${b.handle}) ${b.date}`],
        );
        const { article, warnings } = parseArticle('content/generated.txt', contentFile({ title: 'T', date: '2022-01-21', lang: 'ar' }, lines.join('\n')));
        expect(warnings).toEqual([]);
        const html = renderArticleHtml(article, makeSite());
        const tweets = blocks.filter((b) => b.kind === 'tweet');
        const quotes = visible(html, (d) =>
          DomUtils.findAll((e) => e.name === 'p' && e.parent?.type === 'tag' && (e.parent as { name: string }).name === 'blockquote', d.children),
        );
        expect(quotes).toEqual(tweets.map((t) => `${t.text}${t.media ? ` pic.twitter.com/${t.media}` : ''}`));
        expect(visible(html, (d) => DomUtils.findAll((e) => e.name === 'li' && e.attribs.id?.startsWith('source-') === true, d.children))).toHaveLength(
          tweets.length,
        );
        const paragraphs = visible(html, (d) => DomUtils.findAll((e) => e.name === 'p' && (e.parent as { name?: string } | null)?.name === 'div', d.children));
        expect(paragraphs).toEqual(blocks.filter((b) => b.kind === 'p').map((b) => b.text));
        const feed = buildFeedModel(makeContent([article]), makeSite());
        const related = parseAtomFeed(decode(renderAtom(feed)))
          .entries![0]!.links!.filter((l) => l.rel === 'related')
          .map((l) => l.href);
        expect(related).toEqual([...new Set(tweets.map((t) => `https://twitter.com/${t.handle}`))]);
        expect(XMLValidator.validate(decode(renderRss(feed)))).toBe(true);
        expect(XMLValidator.validate(decode(renderAtom(feed)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

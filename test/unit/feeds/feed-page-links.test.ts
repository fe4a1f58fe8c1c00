import fc from 'fast-check';
import { parseAtomFeed, parseRssFeed } from 'feedsmith';
import { type DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { compileFiles } from '../../../src/content/compile-content';
import { ContentError } from '../../../src/content/diagnostics';
import { buildFeedModel } from '../../../src/feeds/build-feed-model';
import { prerenderEntries } from '../../../src/feeds/prerender-entries';
import { renderAtom } from '../../../src/feeds/render-atom';
import { renderJsonFeed } from '../../../src/feeds/render-json-feed';
import { renderRss } from '../../../src/feeds/render-rss';
import { renderArticleHtml } from '../../../src/render/render-article';
import { articleUrl } from '../../../src/urls';
import { decode } from '../../support/decode';
import { contentFile, makeSite } from '../../support/make-article';
import { markdownBody } from '../../support/markdown-body';

// In a feed, an article's relative links are made absolute against its URL; nothing else may
// differ from its page. Both are parsed into trees: text, tags and every other attribute must be
// equal, and each href, src and cite of the feed must be the page's, resolved against the URL.

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);

type Shape = string | [string, Record<string, string>, Shape[]];
type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;
const isElement = (node: ChildNode): node is Element => ElementType.isTag(node);

/** The tree of `html`; with a `base`, its relative URL attributes resolved against it. */
function shape(html: string, base?: string): Shape[] {
  const walk = (nodes: ChildNode[]): Shape[] =>
    nodes.flatMap((node): Shape[] => {
      if (node.type === ElementType.Text) return [node.data];
      if (!isElement(node)) return [];
      const attributes = Object.entries(node.attribs).map(([k, v]) => [k, base && URL_ATTRIBUTES.has(k) ? resolve(v, base) : v]);
      return [[node.name, Object.fromEntries(attributes), walk(node.children)]];
    });
  return walk(parseDocument(html).children);
}

function resolve(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

describe("an article's feed HTML and its page", () => {
  it('differ only in URLs, each the page URL resolved against the article', () => {
    fc.assert(
      fc.property(markdownBody, fc.constantFrom('https://nashra.example.com/', 'http://127.0.0.1:8787/x/'), (body, baseUrl) => {
        const site = makeSite({ baseUrl });
        const bytes = contentFile({ title: 'Links', date: '2024-05-01', lang: 'en' }, body);
        let compiled: ReturnType<typeof compileFiles>;
        try {
          compiled = compileFiles([{ path: 'content/links.md', bytes }]);
        } catch (e) {
          if (e instanceof ContentError) return;
          throw e;
        }
        const content = prerenderEntries({ articles: compiled.articles, bytes: new Uint8Array(0) }, { siteLang: 'ar', siteAuthor: site.author, feedItems: 50 });
        const article = content.articles[0]!;
        const url = articleUrl(site, article.slug);
        const page = shape(renderArticleHtml(article, site), url);
        const model = buildFeedModel(content, site);
        const feeds = [
          parseRssFeed(decode(renderRss(model))).items![0]!.content!.encoded!,
          parseAtomFeed(decode(renderAtom(model))).entries![0]!.content!.value!,
          JSON.parse(decode(renderJsonFeed(model))).items[0].content_html as string,
        ];
        for (const html of feeds) expect(shape(html)).toEqual(page);
      }),
      { numRuns: 300 },
    );
  });
});

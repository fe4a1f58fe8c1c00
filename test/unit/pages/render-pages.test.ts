import { describe, expect, it } from 'vitest';
import { renderArticlePage } from '../../../src/pages/render-pages';
import { makeArticle, makeSite } from '../../support/make-article';

describe('renderArticlePage', () => {
  it('isolates front-matter text placed beside other text: the title in <title>, the author, each tag', () => {
    const article = makeArticle({ title: 'A \u202Etrap', author: 'Desk \u202E', tags: ['a\u202E', 'b'] });
    const html = renderArticlePage(article, makeSite());
    // An override left open now ends with its isolate, before the site's name, the date or the next tag.
    expect(html).toContain('<title>\u2068A \u202Etrap\u2069 — nashra test</title>');
    expect(html).toContain('<p class="meta"><bdi>Desk \u202E</bdi> · <time datetime="2022-01-21T00:00:00Z">');
    expect(html).toContain('<p class="meta tags"><a href="/tags/a%E2%80%AE/"><bdi>#a\u202E</bdi></a> <a href="/tags/b/"><bdi>#b</bdi></a></p>');
  });
});

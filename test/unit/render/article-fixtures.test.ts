import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/content/diagnostics';
import { parseArticle } from '../../../src/content/parse-article';
import { renderArticleHtml, renderArticleText } from '../../../src/render/render-article';
import { makeSite } from '../../support/make-article';
import { xmllint } from '../../support/xmllint';

// File pairs, as marked keeps them: each input in test/fixtures/articles/ has its expected HTML,
// text and warnings in test/golden/articles/. `npx vitest run -u` rewrites them; review the diff.
const DIR = 'test/fixtures/articles';
const site = makeSite();

describe.each(readdirSync(DIR).sort())('%s', (name) => {
  const { article, warnings } = parseArticle(`${DIR}/${name}`, new Uint8Array(readFileSync(`${DIR}/${name}`)));
  const html = renderArticleHtml(article, site);
  const base = `../../golden/articles/${name.replace(/\.(md|txt)$/, '')}`;

  it('renders as its golden HTML', async () => {
    await expect(html).toMatchFileSnapshot(`${base}.html`);
  });
  it('renders as its golden text', async () => {
    await expect(renderArticleText(article, site)).toMatchFileSnapshot(`${base}.txt`);
  });
  it('warns as its golden warnings', async () => {
    await expect(warnings.map((w) => formatDiagnostic(w, 'warning')).join('\n')).toMatchFileSnapshot(`${base}.warnings`);
  });
  it('is well-formed as XHTML-ish markup inside a feed', () => {
    expect(xmllint([`<div>${html.replace(/<br>/g, '<br/>').replace(/(<img[^>]*[^/])>/g, '$1/>')}</div>`])).toBe('');
  });
});

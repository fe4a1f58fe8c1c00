import type { Article, CompiledContent, SiteConfig } from '../model';
import { escapeHtml } from '../render/escape';
import { articleLanguage, renderArticleHtml } from '../render/render-article';
import { articlePath, articleUrl, siteHref, siteUrl } from '../urls';
import { renderPage, renderTime } from './layout';

/** The home page: every article, newest first, each in its own language and direction. */
export function renderIndexPage(content: CompiledContent, site: SiteConfig): string {
  const items = content.articles.map((article) => {
    const { lang, dir } = articleLanguage(article, site);
    return `<li lang="${escapeHtml(lang)}" dir="${dir}"><a href="${escapeHtml(siteHref(articlePath(article.slug)))}">${escapeHtml(article.title)}</a>
<p class="meta">${renderTime(article.date, lang)}</p>
<p>${escapeHtml(article.summary)}</p></li>`;
  });
  const body = `<main>
<h1>${escapeHtml(site.title)}</h1>
<p>${escapeHtml(site.description)}</p>
${items.length > 0 ? `<ol class="articles">\n${items.join('\n')}\n</ol>` : '<p>—</p>'}
</main>`;
  return renderPage({ site, lang: site.lang, dir: site.dir, title: site.title, description: site.description, canonical: siteUrl(site), body });
}

// Front-matter text placed beside other text is isolated (UAX #9 §2.4): it keeps its own direction,
// and a control left open in it cannot reorder what follows. <title> holds text only: FSI … PDI.
const FSI = '\u2068';
const PDI = '\u2069';

/** One article's page: the link of its feed items. */
export function renderArticlePage(article: Article, site: SiteConfig): string {
  const { lang, dir } = articleLanguage(article, site);
  const changed = article.updated !== article.date ? ` · ${renderTime(article.updated, lang)}` : '';
  const byline = article.author ? `<bdi>${escapeHtml(article.author)}</bdi> · ` : '';
  const source = article.source ? ` · <a href="${escapeHtml(article.source)}">${escapeHtml(new URL(article.source).host)}</a>` : '';
  const body = `<main>
<article lang="${escapeHtml(lang)}" dir="${dir}">
<h1>${escapeHtml(article.title)}</h1>
<p class="meta">${byline}${renderTime(article.date, lang)}${changed}${source}</p>
${renderArticleHtml(article, site)}
${article.tags.length > 0 ? `<p class="meta">${article.tags.map((t) => `<bdi>#${escapeHtml(t)}</bdi>`).join(' ')}</p>` : ''}
</article>
</main>`;
  return renderPage({
    site,
    lang,
    dir,
    title: `${FSI}${article.title}${PDI} — ${site.title}`,
    description: article.summary,
    canonical: articleUrl(site, article.slug),
    body,
  });
}

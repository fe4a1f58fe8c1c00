import type { Article, ListPage, SiteConfig, Topic } from '../model';
import { escapeHtml } from '../render/escape';
import { articleLanguage, renderArticleHtml } from '../render/render-article';
import { articlePath, articleUrl, routePath, type Scope, siteHref, siteUrl, tagKey } from '../urls';
import { renderPage, renderTime } from './layout';

// Words of the lists, in the site's language where nashra has them.
const LABELS = {
  ar: { older: 'الأقدم', newer: 'الأحدث', page: 'صفحة', lang: 'اللغة' },
  en: { older: 'Older', newer: 'Newer', page: 'Page', lang: 'Language' },
};
const labelsFor = (lang: string) => (lang.slice(0, 2).toLowerCase() === 'ar' ? LABELS.ar : LABELS.en);

/**
 * A list page, newest first, each article in its own language and direction: the index (`/`,
 * `/page/2`…), a tag's (`/tags/<tag>/`…) or a language's (`/lang/<lang>/`…). A tag's and a
 * language's page advertise their own feeds first; pages link their neighbours (rel="prev",
 * rel="next"), as links in the head and in the page.
 */
export function renderListPage(list: ListPage, scope: Scope, topic: Topic | null, site: SiteConfig): string {
  const labels = labelsFor(site.lang);
  const items = list.items.map((item) => {
    const { lang, dir } = articleLanguage(item, site);
    return `<li lang="${escapeHtml(lang)}" dir="${dir}"><a href="${escapeHtml(siteHref(articlePath(item.slug)))}">${escapeHtml(item.title)}</a>
<p class="meta">${renderTime(item.date, lang)}</p>
<p>${escapeHtml(item.summary)}</p></li>`;
  });
  const pageUrl = (page: number) => siteUrl(site, routePath({ kind: 'list', scope, page }));
  const prev = list.page > 1 ? pageUrl(list.page - 1) : null;
  const next = list.page < list.pages ? pageUrl(list.page + 1) : null;
  const nav =
    prev || next
      ? `\n<nav class="pages">${prev ? `<a rel="prev" href="${escapeHtml(siteHref(routePath({ kind: 'list', scope, page: list.page - 1 })))}">${labels.newer}</a>` : ''}` +
        `<span>${labels.page} ${list.page} / ${list.pages}</span>` +
        `${next ? `<a rel="next" href="${escapeHtml(siteHref(routePath({ kind: 'list', scope, page: list.page + 1 })))}">${labels.older}</a>` : ''}</nav>`
      : '';
  const heading = topic ? (scope.kind === 'tag' ? `#${topic.name}` : `${labels.lang}: ${topic.name}`) : site.title;
  const title = topic ? `${FSI}${heading}${PDI} — ${site.title}` : site.title;
  const numbered = list.page > 1 ? `${title} (${labels.page} ${list.page})` : title;
  const body = `<main>
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(site.description)}</p>
${items.length > 0 ? `<ol class="articles">\n${items.join('\n')}\n</ol>` : '<p>—</p>'}${nav}
</main>`;
  return renderPage({
    site,
    lang: site.lang,
    dir: site.dir,
    title: numbered,
    description: site.description,
    canonical: pageUrl(list.page),
    body,
    ...(topic ? { feeds: { scope, title: heading } } : {}),
    prev,
    next,
  });
}

// Front-matter text placed beside other text is isolated (UAX #9 §2.4): it keeps its own direction,
// and a control left open in it cannot reorder what follows. <title> holds text only: FSI … PDI.
const FSI = '\u2068';
const PDI = '\u2069';

/** One article's page: the link of its feed items; its tags link their pages. */
export function renderArticlePage(article: Article, site: SiteConfig): string {
  const { lang, dir } = articleLanguage(article, site);
  const changed = article.updated !== article.date ? ` · ${renderTime(article.updated, lang)}` : '';
  const byline = article.author ? `<bdi>${escapeHtml(article.author)}</bdi> · ` : '';
  const source = article.source ? ` · <a href="${escapeHtml(article.source)}">${escapeHtml(new URL(article.source).host)}</a>` : '';
  const tags = article.tags.map(
    (t) => `<a href="${escapeHtml(siteHref(routePath({ kind: 'list', scope: { kind: 'tag', key: tagKey(t) }, page: 1 })))}"><bdi>#${escapeHtml(t)}</bdi></a>`,
  );
  const body = `<main>
<article lang="${escapeHtml(lang)}" dir="${dir}">
<h1>${escapeHtml(article.title)}</h1>
<p class="meta">${byline}${renderTime(article.date, lang)}${changed}${source}</p>
${renderArticleHtml(article, site)}
${tags.length > 0 ? `<p class="meta tags">${tags.join(' ')}</p>` : ''}
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

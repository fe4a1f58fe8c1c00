import type { SiteConfig } from '../model';
import { escapeHtml } from '../render/escape';
import { CITATIONS_ABOUT_PATH, siteUrl } from '../urls';
import { renderPage } from './layout';

// The page a JSON Feed item's `_citations.about` links to (JSON Feed 1.1, "Extensions": an
// extension should say where it is described). Served by the site itself, so the link works
// wherever the feed is published. In English, the language of the format's key names.

/** When the format described here last changed: the page's Last-Modified. */
export const CITATIONS_FORMAT_CHANGED = '2026-11-29T00:00:00Z';

const FIELDS: [string, string, string][] = [
  ['author_name', 'string', 'the author’s display name'],
  ['handle', 'string', 'the handle, without @'],
  ['profile_url', 'string', 'https://twitter.com/<handle>'],
  ['status_url', 'string or null', 'the tweet’s own URL, when known'],
  ['date', 'string', 'the tweet’s date, YYYY-MM-DD'],
  ['time', 'string or null', 'the exact instant (RFC 3339), derived from the status id'],
  ['text', 'string', 'the quoted text, line breaks kept'],
  ['language', 'string', 'BCP 47 tag of the tweet'],
  ['direction', '"ltr" or "rtl"', 'the tweet’s base direction'],
  ['media', 'string[]', 'media short links, as https://t.co/…'],
  ['archive_url', 'string', 'an archived copy in the Wayback Machine'],
];

/** The description of the `_citations` extension. */
export function renderCitationsAboutPage(site: SiteConfig): string {
  const rows = FIELDS.map(([key, type, meaning]) => `<tr><td><code>${key}</code></td><td>${escapeHtml(type)}</td><td>${escapeHtml(meaning)}</td></tr>`);
  const body = `<main lang="en" dir="ltr">
<h1>The <code>_citations</code> JSON Feed extension</h1>
<p>Every item of this site’s JSON Feed has a <code>_citations</code> object (JSON Feed 1.1, “Extensions”): the posts the article quotes, in order of appearance, so that a reader keeps the quoted words, their author and a link to the source even when the post itself is gone.</p>
<p><code>about</code> is this page’s URL; <code>items</code> is an array of objects with these keys:</p>
<table>
<thead><tr><th>key</th><th>type</th><th>meaning</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</main>`;
  return renderPage({
    site,
    lang: 'en',
    dir: 'ltr',
    title: `_citations — ${site.title}`,
    description: 'The _citations extension of this site’s JSON Feed.',
    canonical: siteUrl(site, CITATIONS_ABOUT_PATH),
    body,
  });
}

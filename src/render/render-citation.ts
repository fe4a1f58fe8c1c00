// Renders a tweet as a linked citation and the article's sources list, as HTML and as text.
// Runs inside workerd: plain string building, no Node APIs, no HTML parser.
import type { Direction, HtmlPiece, Tweet } from '../model';
import { escapeHtml as esc } from './escape';
import { ANCHOR_BASE, joinPieces } from './html-pieces';
import { formatDate, labelLanguage } from './format-date';
import { tokenizeText } from '../citations/tokenize-text';

/** The article's language and base direction, and what `#source-n` links are relative to. */
export interface CitationContext {
  lang: string;
  dir: Direction;
  /** '' on the article's own page; the article's URL in a feed, where readers show no page. */
  anchorBase?: string;
}

/** A JSON Feed `_citations` entry. */
export interface CitationJson {
  author_name: string;
  handle: string;
  profile_url: string;
  status_url: string | null;
  date: string;
  time: string | null;
  text: string;
  language: string;
  direction: Direction;
  media: string[];
  archive_url: string;
}

// Unicode bidi isolates (UAX #9 §2.4): many feed readers strip lang/dir attributes, these survive.
const LRI = '\u2066';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

const LABELS = {
  en: {
    sources: 'Sources',
    viewPost: 'View post',
    dayPosts: 'Posts from that day',
    photo: 'Photo',
    archived: 'Archived copy',
    back: 'Back to the quote',
  },
  ar: {
    sources: 'المصادر',
    viewPost: 'عرض التغريدة',
    dayPosts: 'تغريدات ذلك اليوم',
    photo: 'صورة',
    archived: 'نسخة مؤرشفة',
    back: 'رجوع',
  },
};

const labelsFor = (lang: string) => LABELS[labelLanguage(lang) ?? 'en'];

export function profileUrl(tweet: Tweet): string {
  return `https://twitter.com/${tweet.handle}`;
}

/** The tweet itself when known, else its author's profile (Atom rel="related"). */
export function relatedUrl(tweet: Tweet): string {
  return tweet.statusUrl ?? profileUrl(tweet);
}

/** The recorded capture of the tweet, else the Wayback Machine's capture nearest to the tweet's year. */
export function archiveUrl(tweet: Tweet): string {
  return tweet.archiveUrl ?? `https://web.archive.org/web/${tweet.date.slice(0, 4)}/${relatedUrl(tweet)}`;
}

const dayPosts = new WeakMap<Tweet, string>();

/** A Twitter search for the author's posts on the tweet's day, when its own address is unknown. */
export function dayPostsUrl(tweet: Tweet): string {
  let url = dayPosts.get(tweet);
  if (url === undefined) {
    const next = new Date(Date.parse(`${tweet.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const query = `from:${tweet.handle} since:${tweet.date} until:${next}`;
    // Computed once per tweet: the citation and the sources list both link it.
    dayPosts.set(tweet, (url = `https://twitter.com/search?q=${encodeURIComponent(query)}&f=live`));
  }
  return url;
}

export function citationJson(tweet: Tweet): CitationJson {
  return {
    author_name: tweet.authorName,
    handle: tweet.handle,
    profile_url: profileUrl(tweet),
    status_url: tweet.statusUrl,
    date: tweet.date,
    time: tweet.time,
    text: tweet.text,
    language: tweet.lang,
    direction: tweet.dir,
    media: [...tweet.media],
    archive_url: archiveUrl(tweet),
  };
}

/** A `<blockquote>` with the tweet's text, linked as Twitter links it, and its attribution. */
export function renderCitationHtml(tweet: Tweet, n: number, article: CitationContext): string {
  return joinPieces(citationPieces(tweet, n, article), article.anchorBase ?? '');
}

/** The citation as pieces: its link to the sources list waits for the anchor base. */
export function citationPieces(tweet: Tweet, n: number, article: CitationContext): HtmlPiece[] {
  const labels = labelsFor(article.lang);
  const own = tweet.statusUrl
    ? [link(tweet.statusUrl, labels.viewPost)]
    : [
        ...tweet.media.map((url, i) => link(url, tweet.media.length > 1 ? `${labels.photo} ${i + 1}` : labels.photo)),
        link(dayPostsUrl(tweet), labels.dayPosts),
      ];
  const footer = [authorHtml(tweet), timeHtml(tweet, article.lang), ...own, link(archiveUrl(tweet), labels.archived)].join(' · ');
  return [
    `<blockquote cite="${esc(relatedUrl(tweet))}" lang="${esc(tweet.lang)}" dir="${esc(tweet.dir)}" id="cite-${n}">` +
      `<p>${isolate(tweetTextHtml(tweet.text), tweet.dir, article.dir)}</p>` +
      `<footer lang="${esc(article.lang)}" dir="${esc(article.dir)}"><a href="`,
    ANCHOR_BASE,
    `#source-${n}">[${n}]</a> — ${footer}</footer></blockquote>`,
  ];
}

/** The numbered sources list closing an article; '' when it cites nothing. */
export function renderSourcesHtml(tweets: Tweet[], article: CitationContext): string {
  return joinPieces(sourcesPieces(tweets, article), article.anchorBase ?? '');
}

/** The sources list as pieces: each entry's link back to its quote waits for the anchor base. */
export function sourcesPieces(tweets: Tweet[], article: CitationContext): HtmlPiece[] {
  if (tweets.length === 0) return [];
  const labels = labelsFor(article.lang);
  const pieces: HtmlPiece[] = [`<section id="sources"><h2>${esc(labels.sources)}</h2><ol>`];
  tweets.forEach((tweet, i) => {
    const n = i + 1;
    const own = tweet.statusUrl ? link(tweet.statusUrl, labels.viewPost) : link(dayPostsUrl(tweet), labels.dayPosts);
    const entry = [authorHtml(tweet), timeHtml(tweet, article.lang), own, link(archiveUrl(tweet), labels.archived)].join(' · ');
    pieces.push(`<li id="source-${n}">${entry} <a href="`, ANCHOR_BASE, `#cite-${n}" aria-label="${esc(labels.back)}">↩</a></li>`);
  });
  pieces.push('</ol></section>');
  return pieces;
}

/** The citation for JSON Feed content_text: the quote, then `— Name (@handle), date [n]`. */
export function renderCitationText(tweet: Tweet, n: number, article: CitationContext): string {
  const date = formatDate(tweet.date, article.lang);
  return `${isolate(tweet.text, tweet.dir, article.dir)}\n— ${authorText(tweet)}, ${date} [${n}]`;
}

/** The sources list as text lines; '' when the article cites nothing. */
export function renderSourcesText(tweets: Tweet[], article: CitationContext): string {
  if (tweets.length === 0) return '';
  const lines = tweets.map((tweet, i) => {
    const date = formatDate(tweet.date, article.lang);
    return `${i + 1}. ${authorText(tweet)} — ${date} — ${relatedUrl(tweet)} — ${archiveUrl(tweet)}`;
  });
  return [labelsFor(article.lang).sources, ...lines].join('\n');
}

// Quoted text in the other direction is isolated, so it keeps its own order inside the article's.
function isolate(content: string, dir: Direction, around: Direction): string {
  return dir === around ? content : `${dir === 'rtl' ? RLI : LRI}${content}${PDI}`;
}

// Every character of the text stays visible; only links and <br> are added around it.
function tweetTextHtml(text: string): string {
  return tokenizeText(text)
    .map((t) => {
      switch (t.type) {
        case 'text':
          return esc(t.raw).replace(/\n/g, '<br>\n');
        case 'link':
        case 'media':
          return link(t.url, t.raw);
        case 'hashtag':
          return link(`https://twitter.com/hashtag/${encodeURIComponent(t.tag)}`, t.raw);
        case 'mention':
          return link(`https://twitter.com/${t.handle}`, t.raw);
      }
    })
    .join('');
}

function link(href: string, text: string): string {
  return `<a href="${esc(href)}">${esc(text)}</a>`;
}

// A name may be in either direction (FSI), a handle is always left to right (LRI).
function authorHtml(tweet: Tweet): string {
  return `${FSI}${esc(tweet.authorName)}${PDI} ${link(profileUrl(tweet), `${LRI}@${tweet.handle}${PDI}`)}`;
}

function authorText(tweet: Tweet): string {
  return `${FSI}${tweet.authorName}${PDI} (${LRI}@${tweet.handle}${PDI})`;
}

function timeHtml(tweet: Tweet, lang: string): string {
  return `<time datetime="${esc(tweet.time ?? tweet.date)}">${esc(formatDate(tweet.date, lang))}</time>`;
}

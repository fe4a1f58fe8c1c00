// Synthetic content for the benchmarks, made from the bundled article so that every article has
// its size and shape (Arabic text, a subheading, three embedded tweets).
import { readFileSync } from 'node:fs';
import { parseArticle } from '../../src/content/parse-article';
import { prerenderEntries } from '../../src/feeds/prerender-entries';
import type { Article, FeedSource } from '../../src/model';

const SOURCE = 'content/hasakah-ghwayran-prison-attack.txt';

/** The text of content file number i: the bundled article under another title and date. */
export function syntheticFile(i: number): { name: string; text: string } {
  const text = readFileSync(SOURCE, 'utf8');
  const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString().replace('.000Z', 'Z');
  return {
    name: `article-${String(i).padStart(5, '0')}.txt`,
    text: text.replace(/^title: .*$/m, `title: "مقال رقم ${i}: هجوم على سجن غويران"`).replace(/^date: .*$/m, `date: ${day}`),
  };
}

/**
 * n articles, newest first, as `npm run compile` produces them: bodies rendered ahead, or with
 * `prerendered` false, left to be rendered when served.
 */
export function syntheticContent(n: number, prerendered = true): FeedSource {
  const articles: Article[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const { name, text } = syntheticFile(i);
    articles.push(parseArticle(`content/${name}`, new TextEncoder().encode(text)).article);
  }
  const content = { articles, bytes: new Uint8Array(0) };
  return prerendered ? prerenderEntries(content, { siteLang: 'ar', siteAuthor: 'نشرة', feedItems: n }) : content;
}

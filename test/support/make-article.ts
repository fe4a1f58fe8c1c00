import type { Article, FeedSource, SiteConfig } from '../../src/model';

// Fixture factories with overrides: every test builds its own objects, none is shared.

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    slug: 'sample',
    id: null,
    title: 'Sample article',
    date: '2022-01-21T00:00:00Z',
    updated: '2022-01-21T00:00:00Z',
    author: 'Reporter',
    lang: 'en',
    summary: 'A summary.',
    tags: [],
    source: null,
    file: 'content/sample.md',
    blocks: [{ type: 'paragraph', text: 'Body text.', line: 7 }],
    rendered: null,
    ...overrides,
  };
}

export function makeSite(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    title: 'nashra test',
    description: 'Test site',
    lang: 'ar',
    dir: 'rtl',
    author: 'Desk',
    baseUrl: 'https://nashra.example.com/',
    feedItems: 50,
    maxAge: 900,
    edgeMaxAge: 3600,
    ...overrides,
  };
}

/** Articles as a feed source, newest first as the compiler orders them, no entries written ahead. */
export function makeContent(articles: Article[]): FeedSource {
  return { articles, bytes: new Uint8Array(0) };
}

/** A content file's text: front matter from `fields` (written as given), then the body. */
export function contentFile(fields: Record<string, string>, body: string): Uint8Array {
  const yaml = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return new TextEncoder().encode(['---', ...yaml, '---', body].join('\n'));
}

import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { content } from '../../../src/generated/content';
import { renderArticlePage, renderIndexPage } from '../../../src/pages/render-pages';
import { launchChromium } from '../../support/browser';
import { makeSite } from '../../support/make-article';

// The pages as a person sees them: laid out by a real browser, with screenshots written to
// test/screenshots/ (not committed) for a person to look at.
const site = makeSite({ title: 'نشرة', description: 'أخبار وتقارير' });
// One page for both tests. Each test awaits it, so a browser that cannot start fails them (a failing
// beforeAll would only mark them skipped).
let opened: Promise<Page>;

beforeAll(() => {
  opened = launchChromium().then((browser) => browser.newPage({ viewport: { width: 820, height: 1200 } }));
  opened.catch(() => {});
  mkdirSync('test/screenshots', { recursive: true });
});
afterAll(async () => (await opened.catch(() => undefined))?.context().browser()?.close());

describe('pages in Chromium', () => {
  it('lays the article out right to left, with the English tweet left to right', async () => {
    const page = await opened;
    const article = content.articles.find((a) => a.slug === 'hasakah-ghwayran-prison-attack')!;
    // No network: the page must need nothing but itself.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(renderArticlePage(article, site), { waitUntil: 'load' });
    const layout = await page.evaluate(() => {
      const dir = (el: Element | null) => (el ? getComputedStyle(el).direction : null);
      const quotes = [...document.querySelectorAll('blockquote')];
      const quoteText = (q: Element) => q.querySelector('p')!;
      const h1 = document.querySelector('h1')!.getBoundingClientRect();
      return {
        html: dir(document.documentElement),
        quotes: quotes.map((q) => dir(quoteText(q))),
        // Right-to-left text starts at the right: the heading hugs the right edge of <main>.
        h1RightAligned: Math.abs(document.querySelector('main')!.getBoundingClientRect().right - h1.right) < 2,
        overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        sources: [...document.querySelectorAll('#sources li')].length,
        citationLinks: [...document.querySelectorAll('a[href^="#source-"]')].map((a) => a.getAttribute('href')),
      };
    });
    await page.screenshot({ path: 'test/screenshots/article.png', fullPage: true });
    expect(layout).toEqual({
      html: 'rtl',
      quotes: ['rtl', 'rtl', 'ltr'],
      h1RightAligned: true,
      overflow: false,
      sources: 3,
      citationLinks: ['#source-1', '#source-2', '#source-3'],
    });
  });

  it('shows the index with the article and its date', async () => {
    const page = await opened;
    await page.setContent(renderIndexPage(content, site), { waitUntil: 'load' });
    const items = await page.locator('ol.articles li a').allTextContents();
    await page.screenshot({ path: 'test/screenshots/index.png', fullPage: true });
    expect(items).toContain('«قسد» تقتل 23 مقاتلًا من تنظيم الدولة بعد هجومه على سجن غويران في الحسكة');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).direction)).toBe('rtl');
  });
});

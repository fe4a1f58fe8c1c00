import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../../generated/content';
import { PAGE_POLICIES } from '../../../src/http/headers';
import { renderArticlePage, renderListPage } from '../../../src/pages/render-pages';
import { SITE } from '../../../src/urls';
import { launchChromium } from '../../support/browser';
import { bundledArticles } from '../../support/bundled-articles';
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
    const article = bundledArticles().find((a) => a.slug === 'hasakah-ghwayran-prison-attack')!;
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
    await page.setContent(renderListPage(manifest.index, SITE, null, site), { waitUntil: 'load' });
    const items = await page.locator('ol.articles li a').allTextContents();
    await page.screenshot({ path: 'test/screenshots/index.png', fullPage: true });
    expect(items).toContain('«قسد» تقتل 23 مقاتلًا من تنظيم الدولة بعد هجومه على سجن غويران في الحسكة');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).direction)).toBe('rtl');
  });

  it('shows a tag’s page of a longer list, its neighbours linked right to left (newer on the right)', async () => {
    const page = await opened;
    const item = manifest.index.items[0]!;
    const list = { page: 2, pages: 3, updated: item.date, items: [item, item] };
    await page.setContent(renderListPage(list, { kind: 'tag', key: 'الحسكة' }, { key: 'الحسكة', name: 'الحسكة', count: 120 }, site), { waitUntil: 'load' });
    const nav = await page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      return { heading: document.querySelector('h1')!.textContent, newerRight: box('a[rel="prev"]').left > box('a[rel="next"]').left };
    });
    await page.screenshot({ path: 'test/screenshots/tag-page.png', fullPage: true });
    expect(nav).toEqual({ heading: '#الحسكة', newerRight: true });
  });
});

// The pages as the Worker sends them, Content-Security-Policy and all (src/http/headers.ts), from
// an https origin: the policy must block nothing they need, and everything they do not.
describe('pages in Chromium under their Content-Security-Policy', () => {
  const ORIGIN = 'https://nashra.test';
  const article = bundledArticles().find((a) => a.slug === 'hasakah-ghwayran-prison-attack')!;
  const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

  /** A fresh tab showing `html` at `path`, recording every policy violation: as events, and as console messages. */
  async function openUnderPolicy(path: string, html: string) {
    const browser = (await opened).context().browser()!;
    const context = await browser.newContext({ viewport: { width: 820, height: 1200 } });
    const tab = await context.newPage();
    const events: string[] = [];
    const messages: string[] = [];
    tab.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) messages.push(m.text());
    });
    await tab.exposeFunction('nashraViolation', (v: string) => events.push(v));
    await tab.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { nashraViolation(v: string): void }).nashraViolation(`${e.effectiveDirective} ${e.blockedURI}`),
      ),
    );
    await tab.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      if (url.pathname === '/pixel.png') return route.fulfill({ contentType: 'image/png', body: PIXEL });
      if (url.pathname !== path) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ headers: Object.fromEntries([['Content-Type', 'text/html; charset=utf-8'], ...PAGE_POLICIES]), body: html });
    });
    const response = await tab.goto(`${ORIGIN}${path}`, { waitUntil: 'load' });
    return { context, tab, events, messages, policy: await response!.headerValue('content-security-policy') };
  }

  it.each([
    ['the index', '/', () => renderListPage(manifest.index, SITE, null, site)],
    ['the article', `/articles/${article.slug}`, () => renderArticlePage(article, site)],
  ])('shows %s with its stylesheet, and refuses a foreign style, a script and a data: image', async (_name, path, html) => {
    const { context, tab, events, messages, policy } = await openUnderPolicy(path, html());
    try {
      expect(policy).toBe(Object.fromEntries(PAGE_POLICIES)['Content-Security-Policy']);
      const styled = () => tab.evaluate(() => getComputedStyle(document.body).maxWidth);
      expect(await styled()).toBe('672px'); // 42rem: the inline stylesheet applies
      if (path !== '/') {
        const quote = await tab.evaluate(() => {
          const style = getComputedStyle(document.querySelector('blockquote')!);
          return [style.borderInlineStartWidth, style.borderInlineStartStyle, style.borderInlineStartColor];
        });
        expect(quote).toEqual(['4px', 'solid', 'rgb(138, 180, 248)']);
      }
      // An https image (what an article may carry) loads.
      const loaded = await tab.evaluate(async (src) => {
        const img = document.createElement('img');
        img.src = src;
        document.body.append(img);
        await img.decode();
        return img.naturalWidth;
      }, `${ORIGIN}/pixel.png`);
      expect(loaded).toBe(1);
      expect(events).toEqual([]);
      expect(messages).toEqual([]);

      // What the pages never use is refused: another inline style, a script, an image not over https.
      await tab.evaluate(() => {
        const style = document.createElement('style');
        style.textContent = 'body{max-width:1px}';
        const script = document.createElement('script');
        script.textContent = 'document.title = "ran"';
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.head.append(style, script);
        document.body.append(img);
      });
      await expect.poll(() => [...events].sort()).toEqual(['img-src data', 'script-src-elem inline', 'style-src-elem inline']);
      await expect.poll(() => messages.length).toBe(3);
      expect(await styled()).toBe('672px');
      expect(await tab.title()).not.toBe('ran');
    } finally {
      await context.close();
    }
  });
});

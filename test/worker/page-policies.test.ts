import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

// Defence in depth for the HTML pages (README, "Caching and HTTP"): a Content-Security-Policy that
// lets them use only their own inline stylesheet and https images, and a Referrer-Policy. Feeds
// are not pages and get neither. The browser side is test/unit/pages/pages-in-browser.test.ts.
const get = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`https://nashra.example.com${path}`, init));
const PAGES = ['/', '/articles/hasakah-ghwayran-prison-attack'];
const FEEDS = ['/feed.xml', '/atom.xml', '/feed.json'];

/** The policy for the stylesheet the page actually carries: its one <style>, hashed here. */
async function policyFor(html: string): Promise<string> {
  const styles = [...html.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]!);
  expect(styles).toHaveLength(1);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(styles[0])));
  const hash = btoa(String.fromCharCode(...digest));
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

describe('page policies', () => {
  it.each(PAGES)('sends %s with a Content-Security-Policy allowing its own stylesheet, and a Referrer-Policy', async (path) => {
    const res = await get(path);
    const policy = await policyFor(await res.text());
    for (const r of [res, await get(path, { method: 'HEAD' })]) {
      expect(r.headers.get('Content-Security-Policy')).toBe(policy);
      expect(r.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    // A 304 keeps them, so a browser's stored headers stay those of the 200 (RFC 9110 §15.4.5).
    const notModified = await get(path, { headers: { 'If-None-Match': res.headers.get('ETag')! } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('Content-Security-Policy')).toBe(policy);
    expect(notModified.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
  });

  it('sends the same policy with the 404 page, which has no stylesheet of its own', async () => {
    const page = await (await get('/')).text();
    for (const method of ['GET', 'HEAD', 'POST']) {
      const res = await get('/articles/missing', { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('Content-Security-Policy')).toBe(await policyFor(page));
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it.each(FEEDS)('sends %s without the pages’ policies, with nosniff', async (path) => {
    for (const method of ['GET', 'HEAD']) {
      const res = await get(path, { method });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Security-Policy')).toBeNull();
      expect(res.headers.get('Referrer-Policy')).toBeNull();
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
  });
});

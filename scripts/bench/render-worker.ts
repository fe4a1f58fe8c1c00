// A bench Worker (see workerdRenders() in scripts/bench.ts): each request to /render renders the
// three feeds from scratch, as a new content version does, for the synthetic content esbuild puts
// in place of `nashra-bench-content` (its bytes a Data module, as in the Worker); /represent also
// hashes them for the ETag, as a route does once; /noop measures the HTTP round trip alone.
import content from 'nashra-bench-content';
import bytes from './content.bin';
import { buildFeedModel } from '../../src/feeds/build-feed-model';
import { renderAtom } from '../../src/feeds/render-atom';
import { renderJsonFeed } from '../../src/feeds/render-json-feed';
import { renderRss } from '../../src/feeds/render-rss';
import type { FeedSource, SiteConfig } from '../../src/model';

const compiled: FeedSource = { ...(content as Omit<FeedSource, 'bytes'>), bytes: new Uint8Array(bytes) };
const site: SiteConfig = {
  title: 'نشرة',
  description: 'أخبار',
  lang: 'ar',
  dir: 'rtl',
  author: 'نشرة',
  baseUrl: 'https://nashra.example.com/',
  feedItems: compiled.articles.length,
  maxAge: 900,
  edgeMaxAge: 60,
};

export default {
  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/noop') return new Response('0');
    const feed = buildFeedModel(compiled, site);
    const texts = [renderRss(feed), renderAtom(feed), renderJsonFeed(feed)];
    let size = 0;
    for (const body of texts) size += path === '/represent' ? (await crypto.subtle.digest('SHA-256', body)).byteLength : body.byteLength;
    return new Response(String(size));
  },
};

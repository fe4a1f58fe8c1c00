// One bench process (see renders() in scripts/bench.ts): renders the three feeds for n synthetic
// articles, bodies rendered ahead or live, and prints one JSON line. Bundled with esbuild and run
// by plain node, as wrangler bundles the Worker: a fresh process is as cold as a new isolate gets.
import { buildFeedModel } from '../../src/feeds/build-feed-model';
import { renderAtom } from '../../src/feeds/render-atom';
import { renderJsonFeed } from '../../src/feeds/render-json-feed';
import { renderRss } from '../../src/feeds/render-rss';
import type { SiteConfig } from '../../src/model';
import { syntheticContent } from './synthetic';

const [n, mode] = [Number(process.argv[2]), process.argv[3]];
const site: SiteConfig = {
  title: 'نشرة',
  description: 'أخبار',
  lang: 'ar',
  dir: 'rtl',
  author: 'نشرة',
  baseUrl: 'https://nashra.example.com/',
  feedItems: n,
  maxAge: 900,
  edgeMaxAge: 3600,
};
const content = syntheticContent(n, mode === 'ahead');

const once = () => {
  const start = performance.now();
  const feed = buildFeedModel(content, site);
  const bodies = [renderRss(feed), renderAtom(feed), renderJsonFeed(feed)];
  return { ms: performance.now() - start, bodies };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const first = once();
const more = Array.from({ length: n >= 10_000 ? 3 : 10 }, () => once().ms);
// What a request also does once per route with the bytes: the ETag's SHA-256.
const after: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  for (const body of first.bodies) await crypto.subtle.digest('SHA-256', body);
  after.push(performance.now() - start);
}
const bytes = first.bodies.reduce((sum, body) => sum + body.byteLength, 0);
console.log(JSON.stringify({ first: first.ms, median: median(more), bytes, after: median(after) }));

// `npm run compile` (scripts/lib/compile-site.ts): compiles content/ into the bundle and the store.
// Run by wrangler's [build] on `wrangler dev` (again on every change under content/, src/ or
// scripts/) and `wrangler deploy`, through scripts/launch.mjs. Exits 1, writing nothing, on any
// error; every problem is printed as `content/<file>:<line>: …`. `--timings` prints the phases.
import { compileSite } from './lib/compile-site';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};

const result = await compileSite({
  root: process.cwd(),
  contentDir: option('--content', 'content'),
  out: option('--out', 'generated/content.ts'),
  store: option('--store', '') || undefined,
  cache: option('--cache', '') || undefined,
  config: option('--config', 'wrangler.toml'),
  env: option('--env', process.env.CLOUDFLARE_ENV ?? '') || undefined,
  threads: Number(option('--threads', '0')) || undefined,
  timings: args.includes('--timings'),
});
for (const line of result.warnings) console.warn(line);
for (const line of result.errors) console.error(line);
if (result.ok) console.log(result.summary);
else {
  console.error(result.summary);
  process.exit(1);
}

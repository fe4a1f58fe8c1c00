// Compiles content/ into src/generated/content.ts, the module bundled with the Worker, and its Data
// modules: content-model.bin, the compiled articles as JSON, and content.bin, the feed entries of
// the newest articles written ahead, in UTF-8 (scripts/lib/compile-site.ts).
// Run by `npm run compile`, and by wrangler's [build] on `wrangler dev` (again on every change
// under content/ or src/) and `wrangler deploy`. Exits 1, writing nothing, on any content error.
import { compileSite } from './lib/compile-site';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};

const result = compileSite({
  root: process.cwd(),
  contentDir: option('--content', 'content'),
  out: option('--out', 'src/generated/content.ts'),
  config: option('--config', 'wrangler.toml'),
  env: option('--env', process.env.CLOUDFLARE_ENV ?? '') || undefined,
});
for (const line of result.warnings) console.warn(line);
for (const line of result.errors) console.error(line);
if (result.ok) console.log(result.summary);
else {
  console.error(result.summary);
  process.exit(1);
}

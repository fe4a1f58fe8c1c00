import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaleArticles } from '../../scripts/bench/scale-content';

/**
 * The text of every content file the repository has (content/, test/fixtures/, .md and .txt, in
 * subfolders too), then `generated` of the scale benchmark's articles: real inputs for the tests
 * that hold a fast path to the code it stands in for.
 */
export function contentTexts(generated: number): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(md|txt)$/.test(entry.name)) files.push(path);
    }
  };
  walk('content');
  walk('test/fixtures');
  return [...files.map((f) => readFileSync(f, 'utf8')), ...scaleArticles(generated).map((a) => a.text)];
}

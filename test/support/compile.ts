import { join, resolve } from 'node:path';
import { compileSite } from '../../scripts/lib/compile-site';
import { byNewest } from '../../src/archive/assemble-archive';
import { type ContentFile, compileFiles } from '../../src/content/compile-content';
import { applyCitationRecords, type RecordFile } from '../../src/content/apply-citation-records';
import { ContentError, type Diagnostic } from '../../src/content/diagnostics';
import type { Article } from '../../src/model';

// Node only: the content compiler's libraries (marked, sanitize-html) do not run in workerd.

/** Content files compiled as `npm run compile` compiles them, newest first, with their warnings. */
export function compileSorted(files: ContentFile[]): { articles: Article[]; warnings: Diagnostic[] } {
  const { articles, warnings } = compileFiles(files);
  return { articles: [...articles].sort(byNewest), warnings };
}

/** The same, completed from a citation record as the compile script does (README, "Citations"). */
export function compileWithRecord(files: ContentFile[], record: RecordFile | null): { articles: Article[]; warnings: Diagnostic[] } {
  const { articles, warnings } = compileSorted(files);
  const recorded = applyCitationRecords(articles, record);
  if (recorded.errors.length > 0) throw new ContentError(recorded.errors);
  return { articles: recorded.articles, warnings: [...warnings, ...recorded.warnings] };
}

/** Compiles `root`/content as `npm run compile` would, with this repository's wrangler.toml and a cache of its own. */
export function compileProject(root: string) {
  return compileSite({ root, contentDir: 'content', out: 'out/content.ts', cache: join(root, 'cache'), config: resolve('wrangler.toml'), env: undefined });
}

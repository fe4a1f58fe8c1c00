import { byNewest } from '../../src/archive/assemble-archive';
import { type ContentFile, compileFiles } from '../../src/content/compile-content';
import type { Diagnostic } from '../../src/content/diagnostics';
import type { Article } from '../../src/model';

// Node only: the content compiler's libraries (marked, sanitize-html) do not run in workerd.

/** Content files compiled as `npm run compile` compiles them, newest first, with their warnings. */
export function compileSorted(files: ContentFile[]): { articles: Article[]; warnings: Diagnostic[] } {
  const { articles, warnings } = compileFiles(files);
  return { articles: [...articles].sort(byNewest), warnings };
}

import type { Article, CompiledContent } from '../model';
import { ContentError, type Diagnostic, unexpectedDiagnostic } from './diagnostics';
import { parseArticle } from './parse-article';

export interface ContentFile {
  /** Relative to the project root, e.g. content/ghwayran.txt. */
  path: string;
  bytes: Uint8Array;
}

/**
 * Compiles every content file into the bundled model, or throws ContentError with every error in
 * every file: one bad file stops the build, and nothing is dropped or half-written. Whatever a
 * file makes go wrong, even a bug, is reported against that file, and the others are still read.
 * `hash` is passed in (node:crypto at build time) to keep this stage pure.
 */
export function compileContent(files: ContentFile[], hash: (text: string) => string): { content: CompiledContent; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const articles: Article[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    try {
      const parsed = parseArticle(file.path, file.bytes);
      articles.push(parsed.article);
      warnings.push(...parsed.warnings);
    } catch (e) {
      if (!(e instanceof ContentError)) errors.push(unexpectedDiagnostic(file.path, e));
      else {
        errors.push(...e.diagnostics);
        warnings.push(...e.warnings);
      }
    }
  }
  const firstBySlug = new Map<string, Article>();
  const firstById = new Map<string, Article>();
  for (const article of articles) {
    const other = firstBySlug.get(article.slug);
    if (other) errors.push({ file: article.file, line: 1, message: `slug "${article.slug}" is already used by ${other.file}` });
    else firstBySlug.set(article.slug, article);
    if (article.id === null) continue;
    const same = firstById.get(article.id);
    if (same) errors.push({ file: article.file, line: 1, message: `id "${article.id}" is already used by ${same.file}` });
    else firstById.set(article.id, article);
  }
  if (errors.length > 0) throw new ContentError(errors, warnings);
  // Newest first; the slug breaks ties so the order never depends on the file system.
  articles.sort((a, b) => (a.date === b.date ? (a.slug < b.slug ? -1 : 1) : a.date < b.date ? 1 : -1));
  const version = hash(JSON.stringify(articles)).slice(0, 16);
  return { content: { version, articles, bytes: new Uint8Array(0) }, warnings };
}

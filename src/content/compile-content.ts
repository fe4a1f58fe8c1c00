import type { Article } from '../model';
import { ContentError, type Diagnostic, unexpectedDiagnostic } from './diagnostics';
import { parseArticle } from './parse-article';

export interface ContentFile {
  /** Relative to the project root, e.g. content/ghwayran.txt. */
  path: string;
  bytes: Uint8Array;
}

export type CompiledFile = { article: Article; warnings: Diagnostic[] } | { errors: Diagnostic[]; warnings: Diagnostic[] };

/**
 * Compiles one content file into the article model, or the errors that stop it: every error in
 * the file, and an unexpected failure of the compiler too, named by the file, so that one bad
 * file never hides the problems of the others (the build lists them all, then writes nothing).
 */
export function compileFile(file: ContentFile): CompiledFile {
  try {
    const { article, warnings } = parseArticle(file.path, file.bytes);
    return { article, warnings };
  } catch (e) {
    if (e instanceof ContentError) return { errors: e.diagnostics, warnings: e.warnings };
    return { errors: [unexpectedDiagnostic(file.path, e)], warnings: [] };
  }
}

/** Every file compiled, or ContentError with every error in every file. */
export function compileFiles(files: readonly ContentFile[]): { articles: Article[]; warnings: Diagnostic[] } {
  const articles: Article[] = [];
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const compiled = compileFile(file);
    warnings.push(...compiled.warnings);
    if ('errors' in compiled) errors.push(...compiled.errors);
    else articles.push(compiled.article);
  }
  if (errors.length > 0) throw new ContentError(errors, warnings);
  return { articles, warnings };
}

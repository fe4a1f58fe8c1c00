/** A problem in a content file, located by file (relative to the project root) and 1-based line. */
export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/** `content/<file>:<line>: <message>`, the form editors and terminals turn into links. */
export function formatDiagnostic(d: Diagnostic, severity: 'error' | 'warning'): string {
  return `${d.file}:${d.line}: ${severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** Thrown for content that must stop the build; carries every error found in the file. */
export class ContentError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d, 'error')).join('\n'));
    this.name = 'ContentError';
  }
}

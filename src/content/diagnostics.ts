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

/** Thrown for content that must stop the build; carries every error found, and the warnings found with them. */
export class ContentError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly warnings: Diagnostic[] = [],
  ) {
    super(diagnostics.map((d) => formatDiagnostic(d, 'error')).join('\n'));
    this.name = 'ContentError';
  }
}

/** An exception nobody expected (a bug in nashra or a library), with the line being compiled when it came. */
export class UnexpectedError extends Error {
  constructor(
    readonly line: number,
    readonly thrown: unknown,
  ) {
    super(String(thrown));
    this.name = 'UnexpectedError';
  }
}

/** Runs `work` on the block at `line`: an unexpected exception is located there. */
export function atLine<T>(line: number, work: () => T): T {
  try {
    return work();
  } catch (e) {
    throw e instanceof ContentError || e instanceof UnexpectedError ? e : new UnexpectedError(line, e);
  }
}

/** The error a file gets for an unexpected exception: the build goes on to report the other files. */
export function unexpectedDiagnostic(file: string, e: unknown): Diagnostic {
  const [line, thrown] = e instanceof UnexpectedError ? [e.line, e.thrown] : [1, e];
  return { file, line, message: `could not be compiled: ${String(thrown)} (a bug in nashra: please report it with this file)` };
}

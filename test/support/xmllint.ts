import { type ErrorDetail, XmlDocument, XmlParseError } from 'libxml2-wasm';

/**
 * Parses each document with libxml2 (built to WebAssembly, from npm), as `xmllint --noout` does, and
 * returns what it reported ('' when every document is well-formed): one line per error or warning,
 * naming the document's index, the line and the column.
 */
export function xmllint(documents: string[]): string {
  const report: string[] = [];
  const note = (i: number, details: ErrorDetail[]) => {
    for (const d of details) report.push(`document ${i}, line ${d.line}, col ${d.col}: ${d.message.trim()}`);
  };
  documents.forEach((doc, i) => {
    try {
      const parsed = XmlDocument.fromString(doc, { url: `${i}.xml` });
      note(i, parsed.warnings);
      parsed.dispose();
    } catch (error) {
      if (!(error instanceof XmlParseError)) throw error;
      // A failure without details must not read as success.
      note(i, error.details.length > 0 ? error.details : [{ message: error.message, level: 3, line: 0, col: 0 }]);
    }
  });
  return report.join('\n');
}

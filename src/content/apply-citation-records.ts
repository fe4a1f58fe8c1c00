// Fills in what exported tweets lack (their status URL, exact time and an archived copy) from the
// record `npm run cite` keeps (content/citations.json). Pure: the compile script reads the file.
import type { Article, Block } from '../model';
import { citationRef, entryKey, parseCitationRecord, type RecordEntry } from './citation-record';
import type { Diagnostic } from './diagnostics';

export interface RecordFile {
  /** Relative to the project root, e.g. content/citations.json. */
  path: string;
  bytes: Uint8Array;
}

/**
 * The articles with every recorded, resolved tweet completed. Entries in another state (a handle
 * that did not match, a link that led elsewhere) are never used: those tweets render as before.
 * A record that cannot be read is an error; an entry whose citation is gone, a warning.
 */
export function applyCitationRecords(articles: Article[], record: RecordFile | null): { articles: Article[]; errors: Diagnostic[]; warnings: Diagnostic[] } {
  if (!record) return { articles, errors: [], warnings: [] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(record.bytes);
  } catch {
    return { articles, errors: [{ file: record.path, line: 1, message: 'not UTF-8 (the record is written as UTF-8 JSON by npm run cite)' }], warnings: [] };
  }
  const parsed = parseCitationRecord(text, record.path);
  if ('errors' in parsed) return { articles, errors: parsed.errors, warnings: [] };

  const byKey = new Map(parsed.record.entries.map((e) => [entryKey(e), e]));
  const used = new Set<RecordEntry>();
  const complete = (block: Block, file: string): Block => {
    if (block.type !== 'tweet') return block;
    const entry = byKey.get(entryKey({ file, handle: block.tweet.handle, ref: citationRef(block.tweet) }));
    if (!entry) return block;
    used.add(entry);
    if (entry.state !== 'resolved') return block;
    const tweet = { ...block.tweet, statusUrl: entry.status_url, time: entry.time };
    return { ...block, tweet: entry.archive_url ? { ...tweet, archiveUrl: entry.archive_url } : tweet };
  };
  const completed = articles.map((article) => {
    const file = article.file.split('/').pop() ?? article.file;
    return { ...article, blocks: article.blocks.map((block) => complete(block, file)) };
  });

  const warnings = parsed.record.entries
    .filter((e) => !used.has(e))
    .map((e) => ({
      file: record.path,
      line: parsed.record.lines.get(e)!,
      message: `no citation of @${e.handle} ${e.ref} in ${e.file} any more (\`npm run cite -- --prune\` drops this entry)`,
    }));
  return { articles: completed, errors: [], warnings };
}

// Fills in what exported tweets lack (their status URL, exact time and an archived copy) from the
// record `npm run cite` keeps (content/citations.json). Pure: the compile script reads the file.
// The record is read once (readRecordFile); each article is completed with the entries of its own
// file (completeArticle), so that a file's compiled form depends only on its bytes and its entries
// and the compile cache can key it by both; entries no article used are reported at the end.
import type { Article, Block } from '../model';
import { type CitationRecord, citationRef, entryKey, parseCitationRecord, type RecordEntry } from './citation-record';
import type { Diagnostic } from './diagnostics';

export interface RecordFile {
  /** Relative to the project root, e.g. content/citations.json. */
  path: string;
  bytes: Uint8Array;
}

/** The record, or the errors that stop the build (each with the record's file and line). */
export function readRecordFile(record: RecordFile): { record: CitationRecord } | { errors: Diagnostic[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(record.bytes);
  } catch {
    return { errors: [{ file: record.path, line: 1, message: 'not UTF-8 (the record is written as UTF-8 JSON by npm run cite)' }] };
  }
  return parseCitationRecord(text, record.path);
}

/** The record's entries by the content file they cite from (its name in the record's directory). */
export function entriesByFile(record: CitationRecord): Map<string, RecordEntry[]> {
  const byFile = new Map<string, RecordEntry[]>();
  for (const entry of record.entries) {
    const list = byFile.get(entry.file) ?? [];
    list.push(entry);
    byFile.set(entry.file, list);
  }
  return byFile;
}

/**
 * The article with every recorded, resolved tweet completed, and the keys of the entries its
 * tweets matched. Entries in another state (a handle that did not match, a link that led
 * elsewhere) are never used: those tweets render as before.
 */
export function completeArticle(article: Article, entries: readonly RecordEntry[]): { article: Article; used: string[] } {
  if (entries.length === 0) return { article, used: [] };
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  const file = article.file.split('/').pop() ?? article.file;
  const used = new Set<string>();
  const complete = (block: Block): Block => {
    if (block.type !== 'tweet') return block;
    const key = entryKey({ file, handle: block.tweet.handle, ref: citationRef(block.tweet) });
    const entry = byKey.get(key);
    if (!entry) return block;
    used.add(key);
    if (entry.state !== 'resolved') return block;
    const tweet = { ...block.tweet, statusUrl: entry.status_url, time: entry.time };
    return { ...block, tweet: entry.archive_url ? { ...tweet, archiveUrl: entry.archive_url } : tweet };
  };
  return { article: { ...article, blocks: article.blocks.map(complete) }, used: [...used] };
}

/** An entry whose citation no article has any more: a warning at its line in the record. */
export function staleEntries(record: CitationRecord, path: string, used: ReadonlySet<string>): Diagnostic[] {
  return record.entries
    .filter((e) => !used.has(entryKey(e)))
    .map((e) => ({
      file: path,
      line: record.lines.get(e)!,
      message: `no citation of @${e.handle} ${e.ref} in ${e.file} any more (\`npm run cite -- --prune\` drops this entry)`,
    }));
}

/**
 * Every article completed from the record at once: what the per-file functions above do across a
 * whole compile. A record that cannot be read is an error; an entry whose citation is gone, a warning.
 */
export function applyCitationRecords(articles: Article[], file: RecordFile | null): { articles: Article[]; errors: Diagnostic[]; warnings: Diagnostic[] } {
  if (!file) return { articles, errors: [], warnings: [] };
  const read = readRecordFile(file);
  if ('errors' in read) return { articles, errors: read.errors, warnings: [] };
  const byFile = entriesByFile(read.record);
  const used = new Set<string>();
  const completed = articles.map((article) => {
    const done = completeArticle(article, byFile.get(article.file.split('/').pop() ?? article.file) ?? []);
    for (const key of done.used) used.add(key);
    return done.article;
  });
  return { articles: completed, errors: [], warnings: staleEntries(read.record, file.path, used) };
}

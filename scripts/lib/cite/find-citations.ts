// The citations in a content directory, each with what identifies it in the record. Pure: the
// caller reads the files. Uses the compiler's own parser, so it finds exactly the tweets it renders.
import { citationRef, entryKey } from '../../../src/content/citation-record';
import { ContentError, type Diagnostic } from '../../../src/content/diagnostics';
import { parseArticle } from '../../../src/content/parse-article';
import type { Tweet } from '../../../src/model';

export interface SourceFile {
  /** The file's name in the content directory, as the record names it. */
  name: string;
  /** The file as messages show it, e.g. content/attack.txt. */
  path: string;
  bytes: Uint8Array;
}

export interface CitationSite {
  file: string;
  path: string;
  line: number;
  tweet: Tweet;
  ref: string;
  /** The record entry's key (file, handle, ref): a tweet cited twice in one file has one entry. */
  key: string;
}

/** Every cited tweet, in file order; errors of files the compiler would refuse. */
export function findCitations(files: SourceFile[]): { sites: CitationSite[]; errors: Diagnostic[] } {
  const sites: CitationSite[] = [];
  const errors: Diagnostic[] = [];
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    try {
      for (const block of parseArticle(file.path, file.bytes).article.blocks) {
        if (block.type !== 'tweet') continue;
        const ref = citationRef(block.tweet);
        sites.push({
          file: file.name,
          path: file.path,
          line: block.line,
          tweet: block.tweet,
          ref,
          key: entryKey({ file: file.name, handle: block.tweet.handle, ref }),
        });
      }
    } catch (e) {
      if (!(e instanceof ContentError)) throw e;
      errors.push(...e.diagnostics);
    }
  }
  return { sites, errors };
}

import { detectPlainTweets, type Warn } from '../citations/detect-tweets';
import type { Block } from '../model';

// A subheading in a plain-text export is a short line standing alone that does not end a
// sentence. Closing quotes and brackets are looked through: `قال: "نعم."` ends a sentence.
const SENTENCE_END = /[.!?…؟۔:;؛،,]$/u;
const TRAILING_CLOSERS = /["'”’»)\]\s]+$/u;
const MAX_HEADING_CHARS = 80;
const MAX_HEADING_WORDS = 10;

export function isSubheading(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > MAX_HEADING_CHARS) return false;
  if (text.split(/\s+/).length > MAX_HEADING_WORDS) return false;
  if (/^[—–-]|&mdash;/.test(text) || /https?:\/\/|pic\.twitter\.com\/|\bt\.co\//.test(text)) return false;
  return !SENTENCE_END.test(text.replace(TRAILING_CLOSERS, '')) && !SENTENCE_END.test(text);
}

/**
 * Parses a plain-text body: one paragraph per line, blank lines ignored, embedded tweets found
 * first (an attribution line is short and unpunctuated, and must not be taken for a heading).
 */
export function parseTextBody(body: string, firstLine: number, ctx: { articleLang: string; warn: Warn }): Block[] {
  const units = body
    .split('\n')
    .map((text, i) => ({ text: text.trim(), line: firstLine + i }))
    .filter((u) => u.text.length > 0);
  const blocks: Block[] = [];
  for (const found of detectPlainTweets(units, ctx)) {
    if (found.kind === 'tweet') {
      blocks.push({ type: 'tweet', tweet: found.tweet, line: found.line });
      continue;
    }
    const unit = units[found.index]!;
    // The first line is the lead paragraph, never a heading.
    blocks.push(
      found.index > 0 && isSubheading(unit.text)
        ? { type: 'heading', text: unit.text, level: 2, line: unit.line }
        : { type: 'paragraph', text: unit.text, line: unit.line },
    );
  }
  return blocks;
}

import type { Tweet } from '../model';
import { detectLanguage } from './detect-language';
import { isValidHandle, readTweetDate, splitAttribution } from './parse-attribution';
import { mediaLinks } from './tokenize-text';

export type Warn = (line: number, message: string) => void;
/** A paragraph; `line` is the 1-based file line of its first line. */
export interface SourceUnit {
  text: string;
  line: number;
}
export type Detected = { kind: 'keep'; index: number } | { kind: 'tweet'; tweet: Tweet; line: number; indexes: number[] };

type Attribution = { before: string; name: string; handle: string; date: string };
type LineVerdict = null | { error: string } | { attribution: Attribution };

const PIC_LINK = /(?<![\p{L}\p{N}_./])(?:https?:\/\/)?(?:www\.)?pic\.twitter\.com\//u;

/**
 * Finds tweets exported as plain text: the tweet's words, then `— Name (@handle) Date` ending
 * the same paragraph or standing alone in the next one. Every unit index is returned exactly
 * once, in order; anything malformed stays an ordinary paragraph and is reported through warn.
 */
export function detectPlainTweets(units: SourceUnit[], ctx: { articleLang: string; warn: Warn }): Detected[] {
  const out: Detected[] = [];
  // Units whose last line is an attribution (good or bad), and units whose own problem was
  // already reported, so that the missing-attribution warning is not given twice.
  const isAttribution = new Set<number>();
  const explained = new Set<number>();

  for (const [i, unit] of units.entries()) {
    const lines = unit.text.split(/\r?\n/);
    const last = lines.length - 1;
    lines.slice(0, last).forEach((text, k) => {
      const verdict = judgeLine(text);
      if (!verdict) return;
      explained.add(i);
      ctx.warn(unit.line + k, 'error' in verdict ? verdict.error : 'tweet attribution must be the last line of its paragraph');
    });
    const verdict = judgeLine(lines[last]!);
    if (!verdict) {
      out.push({ kind: 'keep', index: i });
      continue;
    }
    isAttribution.add(i);
    explained.add(i);
    const attributionLine = unit.line + last;
    if ('error' in verdict) {
      ctx.warn(attributionLine, verdict.error);
      if (last === 0) explained.add(i - 1);
      out.push({ kind: 'keep', index: i });
      continue;
    }
    const { attribution } = verdict;
    const own = [...lines.slice(0, last), attribution.before].join('\n').trim();
    if (own !== '') {
      out.push({ kind: 'tweet', tweet: makeTweet(own, attribution, ctx.articleLang), line: unit.line, indexes: [i] });
      continue;
    }
    const previous = out.at(-1);
    const previousText = units[i - 1]?.text.trim() ?? '';
    if (previous?.kind === 'keep' && previous.index === i - 1 && !isAttribution.has(i - 1) && previousText !== '') {
      out.pop();
      const tweet = makeTweet(previousText, attribution, ctx.articleLang);
      out.push({ kind: 'tweet', tweet, line: units[i - 1]!.line, indexes: [i - 1, i] });
      continue;
    }
    ctx.warn(attributionLine, 'tweet attribution without tweet text before it');
    out.push({ kind: 'keep', index: i });
  }

  // A picture link is the mark of a tweet whose attribution line went missing.
  for (const found of out) {
    if (found.kind !== 'keep' || explained.has(found.index)) continue;
    const unit = units[found.index]!;
    const k = unit.text.split(/\r?\n/).findIndex((text) => PIC_LINK.test(text));
    if (k >= 0) ctx.warn(unit.line + k, 'pic.twitter.com link without an attribution line (— Name (@handle) Date); kept as a paragraph');
  }
  return out;
}

/** null for an ordinary line; otherwise the attribution it holds, or why it cannot be read. */
function judgeLine(line: string): LineVerdict {
  const parts = splitAttribution(line);
  if (!parts) return null;
  const date = readTweetDate(parts.dateText);
  // The glued form is only recognised whole: prose with a dash and a (@name) is left alone.
  if (parts.before !== '' && date === null) return null;
  if (!isValidHandle(parts.handle)) {
    return { error: `tweet attribution has an invalid handle "@${parts.handle}" (1–15 letters, digits or _)` };
  }
  if (date === null) {
    return {
      error:
        parts.dateText === ''
          ? 'tweet attribution has no date after (@handle)'
          : `tweet attribution date cannot be read: "${parts.dateText}" (expected e.g. January 21, 2022 or 21 يناير 2022)`,
    };
  }
  return { attribution: { before: parts.before, name: parts.name || parts.handle, handle: parts.handle, date } };
}

function makeTweet(text: string, a: Attribution, articleLang: string): Tweet {
  return {
    text,
    authorName: a.name,
    handle: a.handle,
    date: a.date,
    time: null,
    statusUrl: null,
    media: mediaLinks(text),
    ...detectLanguage(text, articleLang),
  };
}

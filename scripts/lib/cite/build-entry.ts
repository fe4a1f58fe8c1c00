// Builds a citation's record entry from what the services answered, and the notes a person should
// read about it. Pure.
import {
  type OembedAnswer,
  type RecordEntry,
  type RecordState,
  statusUrlOf,
  type TcoAnswer,
  timeOfId,
  type WaybackAnswer,
} from '../../../src/content/citation-record';
import { type Capture, captureUrl, closestCapture, dateCheck, textCheck } from './answers';
import type { CitationSite } from './find-citations';

export interface Built {
  entry: RecordEntry;
  /** Why the citation is not resolved, or what to check in it; empty when all is well. */
  notes: string[];
}

const empty = (site: CitationSite, state: RecordState): RecordEntry => ({
  file: site.file,
  line: site.line,
  handle: site.tweet.handle,
  ref: site.ref,
  state,
  status_url: null,
  status_id: null,
  time: null,
  archive_url: null,
  checks: null,
  tco: null,
  oembed: null,
  wayback: null,
});

export function noLinkEntry(site: CitationSite): Built {
  return { entry: empty(site, 'no_link'), notes: ['the quote has no status URL or pic.twitter.com link: nothing can be looked up'] };
}

/** t.co's answer when it does not lead to the cited author's post. */
export function unresolvedEntry(site: CitationSite, state: 'not_found' | 'not_a_tweet' | 'handle_mismatch', tco: TcoAnswer, named?: string): Built {
  const notes = {
    not_found: `t.co answered ${tco.status}: it does not know ${tco.url}`,
    not_a_tweet: `t.co led to ${tco.location}, which is not a post`,
    handle_mismatch: `t.co led to a post by @${named}, not by the cited @${site.tweet.handle} (${tco.location}); recorded, never linked`,
  };
  return { entry: { ...empty(site, state), tco }, notes: [notes[state]] };
}

/** The citation resolved to status `id` of its own author, with what oEmbed and the CDX said. */
export function resolvedEntry(
  site: CitationSite,
  id: string,
  answers: { tco: TcoAnswer | null; oembed: OembedAnswer; oembedText: string | null; wayback: WaybackAnswer; captures: Capture[] },
): Built {
  const time = timeOfId(id);
  const capture = time === null ? (answers.captures[0] ?? null) : closestCapture(answers.captures, time);
  const checks = { date: dateCheck(site.tweet.date, time), text: answers.oembed.status === 200 ? textCheck(site.tweet.text, answers.oembedText) : 'unknown' };
  const notes: string[] = [];
  if (checks.date === 'differs') notes.push(`the status id says ${time}, more than a day from the exported date ${site.tweet.date}: check the citation`);
  if (answers.oembed.status !== 200) {
    notes.push(
      `oEmbed answered ${answers.oembed.status}: the tweet is deleted or protected; the quote${capture ? ' and the archived copy are' : ' is'} what is left`,
    );
  } else if (checks.text === 'differs') notes.push(`the quote differs from the tweet's text as oEmbed gives it: "${answers.oembedText}"`);
  else if (checks.text === 'unknown') notes.push("oEmbed's answer held no text to compare with the quote");
  return {
    entry: {
      ...empty(site, 'resolved'),
      status_url: statusUrlOf(site.tweet.handle, id),
      status_id: id,
      time,
      archive_url: capture ? captureUrl(capture) : null,
      checks,
      tco: answers.tco,
      oembed: answers.oembed,
      wayback: answers.wayback,
    },
    notes,
  };
}

// A tweet's status id is a snowflake: a signed 64-bit number whose top 41 bits count milliseconds
// since Twitter's epoch. Apart from parse-embed.ts, so that reading the citation record's ids
// (content/citation-record.ts, on every compile) does not load the HTML parser.

/** Ids below this were sequential (before November 2010) and carry no timestamp. */
export const FIRST_SNOWFLAKE = 30_000_000_000n;
// Twitter's snowflake epoch, 2010-11-04T01:42:54.657Z, in ms.
const TWITTER_EPOCH = 1288834974657n;

/** The instant a snowflake id (at most 2^63 - 1) was made: its top 41 bits count ms since Twitter's epoch. */
export function tweetTimeFromId(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + TWITTER_EPOCH)).toISOString();
}

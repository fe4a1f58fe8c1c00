// Conditional GET, answered by our code so that it behaves the same under wrangler dev, in tests
// and in production (cache.match() handles it differently in each). The fields are parsed by their
// grammar: a value that does not follow it never makes a 304.

/**
 * True when the client's copy is current and a 304 is the answer. If-None-Match decides when
 * present (§13.1.2, compared weakly because Cloudflare weakens ETags when it compresses), even when
 * malformed; only without it is If-Modified-Since used (§13.1.3, §13.2.2). `now` reads the clock,
 * which only a two-digit year needs.
 */
export function isNotModified(headers: Headers, etag: string, lastModified: string, now: () => number): boolean {
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    const tags = parseIfNoneMatch(ifNoneMatch);
    return tags === '*' || (tags?.includes(opaqueTag(etag)) ?? false);
  }
  const ifModifiedSince = headers.get('if-modified-since');
  if (ifModifiedSince === null) return false;
  const since = parseHttpDate(ifModifiedSince, now);
  const modified = parseHttpDate(lastModified, now);
  // Anything but an HTTP-date is ignored (§13.1.3).
  return since !== null && modified !== null && modified <= since;
}

// RFC 9110 §8.8.3: entity-tag = [ %s"W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
// One list member (§5.6.1: OWS around it, empty members allowed) and the comma or end after it.
const LIST_MEMBER = /[ \t]*(?:(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*"))?[ \t]*(?:,|$)/y;

/**
 * If-None-Match = "*" / #entity-tag (§13.1.2): `*` alone, or the opaque tags of the list (W/
 * dropped: the comparison is weak, §8.8.3.2); null when the value follows neither form, so
 * `garb*age` or `"x", *` match nothing.
 */
export function parseIfNoneMatch(value: string): '*' | string[] | null {
  if (value === '*') return '*';
  const tags: string[] = [];
  for (let at = 0; at < value.length; at = LIST_MEMBER.lastIndex) {
    LIST_MEMBER.lastIndex = at;
    const member = LIST_MEMBER.exec(value);
    if (!member) return null;
    if (member[1] !== undefined) tags.push(member[1]);
  }
  return tags;
}

/** The opaque-tag of one of our own entity tags (W/ ignored either side, §8.8.3.2). */
function opaqueTag(etag: string): string {
  return etag.startsWith('W/') ? etag.slice(2) : etag;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)';
// RFC 9110 §5.6.7, case-sensitive: IMF-fixdate, then the obsolete forms recipients must accept.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d\\d) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\\d\\d)-(${MONTH})-(\\d\\d) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTH}) (\\d\\d| \\d) ${TIME} (\\d{4})$`);

/**
 * An HTTP-date (RFC 9110 §5.6.7) as milliseconds since the epoch; null for anything else, including
 * what Date.parse would take (`2030-01-01`, `3000`) and impossible dates (`31 Feb`). The day name is
 * not checked against the date: the grammar does not tie them.
 */
export function parseHttpDate(value: string, now: () => number): number | null {
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m.slice(4));
  m = RFC850_DATE.exec(value);
  if (m) return utc(fullYear(Number(m[3]), now()), m[2]!, m[1]!, m.slice(4));
  m = ASCTIME_DATE.exec(value);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!, m.slice(3, 6));
  return null;
}

/** §5.6.7: a two-digit year more than 50 years ahead is the latest past year with those digits. */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = thisYear - (thisYear % 100) + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

function utc(year: number, month: string, day: string, [hour, minute, second]: string[]): number | null {
  const [d, h, min, s] = [day, hour, minute, second].map(Number) as [number, number, number, number];
  if (h > 23 || min > 59 || s > 60) return null;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, MONTHS.indexOf(month), d);
  // Second 60 is a leap second (RFC 5322 §3.3), which the epoch count has no room for.
  date.setUTCHours(h, min, Math.min(s, 59));
  // A day the month does not have (31 Feb, 00) rolls over into another: not a date.
  return date.getUTCDate() === d ? date.getTime() : null;
}

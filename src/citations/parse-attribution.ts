import { daysInMonth } from '../calendar';

// Reads the attribution that ends an exported tweet: `— Name (@handle) January 21, 2022`.

/** The pieces of an attribution-shaped line, not yet validated. */
export interface AttributionParts {
  /** Text before the dash on the same line: '' when the line starts with the dash. */
  before: string;
  name: string;
  /** What stood between `(@` and `)`; may be an invalid handle. */
  handle: string;
  /** Everything after `(@handle)`, trimmed: the date, if the line is well formed. */
  dateText: string;
}

const DASHES = ['—', '&mdash;', '--'];
// Invisible direction marks, which copied Arabic text often carries.
const BIDI_MARKS = /[\u200E\u200F\u061C\u2066-\u2069]/g;
// What may stand between `(@` and `)`; the line must hold no line terminator anywhere.
const HANDLE_TEXT = /[^()\s]*\)/y;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const HANDLE = /^[A-Za-z0-9_]{1,15}$/;
// Twitter display names are at most 50 characters; longer "names" are prose, not an attribution.
const MAX_GLUED_NAME = 50;

/**
 * Splits one line (no '\n') into attribution parts. The attribution starts at the last dash before
 * the handle: at the start of the line, or glued after the tweet's text (`…pic.twitter.com/x— Name
 * (@h) Date`), which may itself hold dashes; null when there is no dash or no `(@…)`.
 */
export function splitAttribution(line: string): AttributionParts | null {
  const found = lastHandle(line);
  if (!found) return null;
  const [open, close] = found;
  const [head, handle, tail] = [line.slice(0, open), line.slice(open + 2, close), line.slice(close + 1)];
  const at = Math.max(...DASHES.map((d) => head.lastIndexOf(d)));
  if (at < 0) return null;
  const dash = DASHES.find((d) => head.startsWith(d, at))!;
  const before = head.slice(0, at);
  const name = head.slice(at + dash.length).trim();
  if (before.replace(BIDI_MARKS, '').trim() === '') return { before: '', name, handle, dateText: tail.trim() };
  if ([...name].length > MAX_GLUED_NAME) return null;
  return { before, name, handle, dateText: tail.trim() };
}

/**
 * Offsets of `(` and `)` of the last `(@…)` on the line, so that names may hold parentheses. Searched
 * from the end: each try stops at the next parenthesis or space, so no character is read twice
 * (the pattern `^(.*)\(@…\)(.*)$` this replaces was quadratic on a line with a U+2028 in it).
 */
function lastHandle(line: string): [number, number] | null {
  if (LINE_TERMINATOR.test(line)) return null;
  for (let open = line.lastIndexOf('(@'); open >= 0; open = open === 0 ? -1 : line.lastIndexOf('(@', open - 1)) {
    HANDLE_TEXT.lastIndex = open + 2;
    if (HANDLE_TEXT.test(line)) return [open, HANDLE_TEXT.lastIndex - 1];
  }
  return null;
}

export function isValidHandle(handle: string): boolean {
  return HANDLE.test(handle);
}

const EN_MONTHS = [
  'january jan',
  'february feb',
  'march mar',
  'april apr',
  'may',
  'june jun',
  'july jul',
  'august aug',
  'september sep sept',
  'october oct',
  'november nov',
  'december dec',
];
// Egyptian/Gulf and Levantine names, written as normalizeArabic leaves them.
const AR_MONTHS = [
  'يناير|كانون الثاني',
  'فبراير|شباط',
  'مارس|اذار',
  'ابريل|نيسان',
  'مايو|ايار',
  'يونيو|يونيه|حزيران',
  'يوليو|يوليه|تموز',
  'اغسطس|اب',
  'سبتمبر|ايلول',
  'اكتوبر|تشرين الاول',
  'نوفمبر|تشرين الثاني',
  'ديسمبر|كانون الاول',
];
const MONTHS = new Map<string, number>([
  ...EN_MONTHS.flatMap((names, i) => names.split(' ').map((n) => [n, i + 1] as const)),
  ...AR_MONTHS.flatMap((names, i) => names.split('|').map((n) => [n, i + 1] as const)),
]);

// Hamza and taa marbuta spellings vary (أبريل/ابريل, يونية/يونيه); compare without them.
function normalizeMonth(name: string): string {
  return name
    .toLowerCase()
    .replace(/[.,،]$/, '')
    .replace(/\u0640/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/\s+/g, ' ');
}

// Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits become 0-9.
function westernDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf));
}

const DAY_FIRST = /^(\d{1,2})\s+(\S+(?: \S+)?)\s*[,،]?\s+(\d{4})$/u;
const MONTH_FIRST = /^(\S+)\s+(\d{1,2})\s*[,،]?\s+(\d{4})$/u;

/** `January 21, 2022`, `Jan 21, 2022`, `21 January 2022`, `٢١ يناير ٢٠٢٢`, `21 كانون الثاني 2022` → 2022-01-21. */
export function readTweetDate(text: string): string | null {
  const clean = westernDigits(text.replace(BIDI_MARKS, '')).trim().replace(/\s+/g, ' ');
  const dayFirst = DAY_FIRST.exec(clean);
  const monthFirst = MONTH_FIRST.exec(clean);
  const [day, monthName, year] = dayFirst ? [dayFirst[1], dayFirst[2], dayFirst[3]] : monthFirst ? [monthFirst[2], monthFirst[1], monthFirst[3]] : [];
  const month = MONTHS.get(normalizeMonth(monthName ?? ''));
  if (!day || !year || !month) return null;
  // Four digits as written, 0001–9999: the year a feed can carry.
  if (Number(year) < 1 || Number(day) < 1 || Number(day) > daysInMonth(Number(year), month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

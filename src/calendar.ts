// The proleptic Gregorian calendar of RFC 3339 (§5.7), for content dates. Date.UTC and
// new Date(y, m, d) take the years 0–99 for 1900–1999, so content dates never go through them.

/** Milliseconds since the epoch of a UTC date-time, for any year; `month` is 1–12. */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// RFC 3339 and RSS's RFC 822 dates have four-digit years; toISOString writes others as ±YYYYYY.
const FIRST = utcMillis(1, 1, 1);
const AFTER_LAST = utcMillis(10000, 1, 1);

/** Whether an instant falls in the years 0001–9999 in UTC, the only ones every feed format can carry. */
export function hasFourDigitYear(ms: number): boolean {
  return ms >= FIRST && ms < AFTER_LAST;
}

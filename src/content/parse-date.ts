// ISO 8601 as profiled by RFC 3339 §5.6, plus a bare calendar date (taken as midnight UTC).
// A date-time without an offset names no instant, so it is refused rather than guessed.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** An RFC 3339 instant in UTC (`2022-01-21T00:00:00Z`), or an error message. */
export function parseDate(value: string): { iso: string } | { error: string } {
  const d = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!d) return { error: `"${value}" is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)` };
  const [, y, mo, da, h = '0', mi = '0', s = '0', frac = '', z, sign, oh, om] = d;
  if (!DATE.test(value) && !z && !sign) {
    return { error: `"${value}" has no time zone: add Z or an offset such as +03:00` };
  }
  const [year, month, day, hour, minute, second] = [y, mo, da, h, mi, s].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 59) {
    return { error: `"${value}" is not a real date` };
  }
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const ms = Math.round(Number(`0${frac || '.0'}`) * 1000);
  const time = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, ms) - offsetMinutes * 60_000;
  return { iso: formatInstant(time) };
}

/** RFC 3339 in UTC, without milliseconds when they are zero. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

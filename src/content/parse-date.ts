import { daysInMonth, hasFourDigitYear, utcMillis } from '../calendar';

// ISO 8601 as profiled by RFC 3339 §5.6, plus a bare calendar date (taken as midnight UTC).
// A date-time without an offset names no instant, so it is refused rather than guessed.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** An RFC 3339 instant in UTC (`2022-01-21T00:00:00Z`), or an error message. */
export function parseDate(value: string): { iso: string } | { error: string } {
  const d = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!d) return { error: `"${value}" is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)` };
  const [, y, mo, da, h = '0', mi = '0', s = '0', frac = '', z, sign, oh = '0', om = '0'] = d;
  if (!DATE.test(value) && !z && !sign) {
    return { error: `"${value}" has no time zone: add Z or an offset such as +03:00` };
  }
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [y, mo, da, h, mi, s, oh, om].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour! > 23 || minute! > 59 || second! > 59) {
    return { error: `"${value}" is not a real date` };
  }
  // RFC 3339 §5.6: time-numoffset is a time-hour (00–23) and a time-minute (00–59).
  if (offsetHours! > 23 || offsetMinutes! > 59) return { error: `"${value}" has an offset beyond ±23:59` };
  const offset = (sign === '-' ? -1 : 1) * (offsetHours! * 60 + offsetMinutes!);
  const ms = Math.round(Number(`0${frac || '.0'}`) * 1000);
  const time = utcMillis(year!, month!, day!, hour!, minute!, second!, ms) - offset * 60_000;
  if (!hasFourDigitYear(time)) return { error: `"${value}" is outside the years 0001–9999 in UTC, the only years every feed format can carry` };
  return { iso: formatInstant(time) };
}

/** RFC 3339 in UTC, without milliseconds when they are zero; `ms` has a four-digit year. */
function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

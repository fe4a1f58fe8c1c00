// Characters that XML 1.0 forbids (§2.2 Char): C0 controls other than tab, LF and CR, and U+FFFE,
// U+FFFF. Lone surrogates cannot be encoded as UTF-8 at all.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const HAS_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The string with forbidden characters removed and lone surrogates replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  // Two scans that V8 runs natively, so clean text (nearly all of it) costs little.
  const forbidden = HAS_FORBIDDEN.test(text);
  const wellFormed = text.isWellFormed();
  if (!forbidden && wellFormed) return text;
  const cleaned = forbidden ? text.replace(FORBIDDEN, '') : text;
  return wellFormed ? cleaned : cleaned.toWellFormed();
}

/** Index of the first character xmlSafe would change, or -1. */
export function firstUnsafeChar(text: string): number {
  const forbidden = text.search(HAS_FORBIDDEN);
  // The search for a lone surrogate is slow (a look-behind at every character): only when there is one.
  const surrogate = text.isWellFormed() ? -1 : text.search(LONE_SURROGATE);
  if (forbidden < 0) return surrogate;
  return surrogate < 0 ? forbidden : Math.min(forbidden, surrogate);
}

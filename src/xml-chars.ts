// Characters that XML 1.0 forbids (§2.2 Char): C0 controls other than tab, LF and CR, and U+FFFE,
// U+FFFF. Lone surrogates cannot be encoded as UTF-8 at all.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ANY_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The string with forbidden characters removed and lone surrogates replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  if (!ANY_UNSAFE.test(text)) return text;
  return text.replace(FORBIDDEN, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** Index of the first character xmlSafe would change, or -1. */
export function firstUnsafeChar(text: string): number {
  const match = ANY_UNSAFE.exec(text);
  return match ? match.index : -1;
}

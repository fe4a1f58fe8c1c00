/**
 * The text without the spaces (U+0020 only) at its start and end. Without a regular expression:
 * ` *…` anchored at both ends is quadratic over a long run of spaces. Tabs and no-break spaces
 * stay: YAML separates with spaces only, and an embedded tweet's lines are trimmed of the spaces
 * around a line break.
 */
export function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  return text.slice(start, end);
}

// Explicit bidirectional controls (UAX #9 §2): an embedding or override runs until its U+202C, an
// isolate until its U+2069, or else to the end of the paragraph. One left open in a title reverses
// the rest of every line the title is placed in (a page title, a reader's list of items).

const NAMES: Record<string, string> = {
  '\u202A': 'U+202A LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'U+202B RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'U+202C POP DIRECTIONAL FORMATTING',
  '\u202D': 'U+202D LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'U+202E RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'U+2066 LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'U+2067 RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'U+2068 FIRST STRONG ISOLATE',
  '\u2069': 'U+2069 POP DIRECTIONAL ISOLATE',
};
const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const PDF = '\u202C';
const PDI = '\u2069';
const isIsolate = (c: string) => c >= '\u2066' && c <= '\u2068';

/**
 * What is unbalanced in `text`, read as the Unicode Bidirectional Algorithm reads it (X1-X8): a
 * control left open, or one that closes nothing; null when every control is closed. A U+2069
 * also closes the embeddings opened inside its isolate, as the algorithm does.
 */
export function unbalancedBidi(text: string): string | null {
  if (!HAS_CONTROL.test(text)) return null;
  const open: string[] = [];
  for (const [c] of text.matchAll(CONTROLS)) {
    if (c === PDF) {
      if (open.length > 0 && !isIsolate(open.at(-1)!)) open.pop();
      else return `${NAMES[c]} that closes nothing: remove it`;
    } else if (c === PDI) {
      const isolate = open.findLastIndex(isIsolate);
      if (isolate < 0) return `${NAMES[c]} that closes nothing: remove it`;
      open.length = isolate;
    } else open.push(c);
  }
  if (open.length === 0) return null;
  const first = open[0]!;
  return `${NAMES[first]} that is never closed, which reorders all the text after it: close it with ${NAMES[isIsolate(first) ? PDI : PDF]} or remove it`;
}

import { Parser } from 'htmlparser2';
import { Lexer } from 'marked';

// Bounds on what the Markdown and HTML libraries are handed. marked lexes each level of block
// quotes and lists again, and recurses per level: 1,000 nested list levels took 7.9 s, a few
// thousand overflow the stack; nested emphasis recurses the same way, and each emphasis marker
// scans the rest of its paragraph. htmlparser2 keeps its open elements with Array#unshift, which
// makes deep HTML quadratic. Within these bounds all of them run in time linear in the text.
const MAX_MARKDOWN_DEPTH = 32;
const MAX_EMPHASIS_DEPTH = 32;
const MAX_EMPHASIS_RUNS = 200;
const MAX_HTML_DEPTH = 100;

export interface NestingProblem {
  /** 0-based index of the line in the text checked. */
  index: number;
  message: string;
}

const LIST_MARKER = /(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/y;
const THEMATIC_BREAK = /(?:\*[ \t]*){3,}$|(?:-[ \t]*){3,}$|(?:_[ \t]*){3,}$/y;
const FENCE = /`{3,}|~{3,}/y;
// HTML blocks that end at a blank line (CommonMark §4.6, kinds 6 and 7): marked does not read
// Markdown in them. The other kinds end at a marker on any line, so they are counted as text.
const HTML_BLOCK = Lexer.rules.block.gfm.html;
const HTML_TO_MARKER = /^ {0,3}(?:<(?:script|pre|style|textarea)[\s>]|<!--|<\?|<![A-Za-z]|<!\[CDATA\[)/i;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * The first place where a Markdown body nests deeper than marked is allowed to see: block quotes
 * and lists (counted per line, from the `>` and list markers and the indentation of list items),
 * emphasis in a paragraph (CommonMark's left- and right-flanking rule, §6.2), or too many emphasis
 * markers in one paragraph. Conservative: it may count deeper than marked would nest, never less.
 */
export function checkMarkdownNesting(body: string): NestingProblem | null {
  const lists: number[] = []; // content column of each list item that may be open, innermost last
  let fence = ''; // the opening fence, while in a fenced code block
  let html = false; // in an HTML block that ends at a blank line
  let emphasis = { depth: 0, runs: 0 };
  let blockStart = true;
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    let at = 0;
    let column = 0;
    let quotes = 0;
    let markers = 0;
    // Containers are counted on every line, code included: a miscounted fence must not hide them.
    while (quotes + markers <= MAX_MARKDOWN_DEPTH) {
      for (; line[at] === ' ' || line[at] === '\t'; at++) column = line[at] === '\t' ? column + 4 - (column % 4) : column + 1;
      if (line[at] === '>') {
        quotes++;
        at++;
        column++;
        continue;
      }
      THEMATIC_BREAK.lastIndex = LIST_MARKER.lastIndex = at;
      if (!LIST_MARKER.test(line) || THEMATIC_BREAK.test(line)) break;
      // A list item's content starts after its marker: a later item indented that far is inside it.
      if (markers === 0) while (lists.length > 0 && lists.at(-1)! > column) lists.pop();
      column += LIST_MARKER.lastIndex - at;
      at = LIST_MARKER.lastIndex;
      lists.push(column + 1);
      markers++;
    }
    const depth = quotes + (markers > 0 ? lists.length : 0);
    if (depth > MAX_MARKDOWN_DEPTH) {
      return { index, message: `block quotes and lists nested more than ${MAX_MARKDOWN_DEPTH} levels deep; at most ${MAX_MARKDOWN_DEPTH} levels are allowed` };
    }
    const rest = line.slice(at);
    const blank = rest.trim() === '';
    FENCE.lastIndex = at;
    const fenceHere = line[at] === '`' || line[at] === '~' ? (FENCE.exec(line)?.[0] ?? '') : '';
    if (fence !== '') {
      if (fenceHere[0] === fence[0] && fenceHere.length >= fence.length && rest.trim() === fenceHere) fence = '';
      continue;
    }
    // A fence opens only within 3 columns of its container's content; deeper, it is indented code.
    const base = lists.length > 0 && (markers > 0 || column >= lists.at(-1)!) ? lists.at(-1)! : 0;
    if (fenceHere !== '' && column - base < 4) {
      fence = fenceHere;
      continue;
    }
    if (blank) {
      [blockStart, html, emphasis] = [true, false, { depth: 0, runs: 0 }];
      continue;
    }
    if (blockStart) html = HTML_BLOCK.test(rest) && !HTML_TO_MARKER.test(rest);
    blockStart = false;
    // Each list item holds paragraphs of its own; indented code (outside lists) is not read.
    if (markers > 0) emphasis = { depth: 0, runs: 0 };
    if (html || (lists.length === 0 && quotes === 0 && column >= 4)) continue;
    const problem = countEmphasis(rest, emphasis);
    if (problem) return { index, message: problem };
  }
  return null;
}

/** Adds one line's emphasis delimiter runs to its paragraph's count; a message when past a bound. */
function countEmphasis(text: string, paragraph: { depth: number; runs: number }): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== '*' && c !== '_' && c !== '~') continue;
    let end = i + 1;
    while (text[end] === c) end++;
    const before = text[i - 1] ?? ' ';
    const after = text[end] ?? ' ';
    const length = end - i;
    i = end - 1;
    if (++paragraph.runs > MAX_EMPHASIS_RUNS) {
      return `more than ${MAX_EMPHASIS_RUNS} runs of emphasis markers (*, _ or ~) in one paragraph; at most ${MAX_EMPHASIS_RUNS} are allowed: escape them (\\*) or split the paragraph`;
    }
    const left = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
    const right = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
    // `_` inside a word neither opens nor closes (CommonMark §6.2, rules 2 and 4).
    const opens = c === '_' ? left && (!right || PUNCTUATION.test(before)) : left;
    const closes = c === '_' ? right && (!left || PUNCTUATION.test(after)) : right;
    if (closes && paragraph.depth > 0) paragraph.depth = Math.max(0, paragraph.depth - length);
    else if (opens && (paragraph.depth += length) > MAX_EMPHASIS_DEPTH) {
      return `emphasis (*, _ or ~) nested more than ${MAX_EMPHASIS_DEPTH} levels deep; at most ${MAX_EMPHASIS_DEPTH} levels are allowed`;
    }
  }
  return null;
}

// Made once: an Error takes its stack when made, which cost more than the parse of a short block.
const TOO_DEEP = new Error('too deep');

/** A message when HTML nests elements deeper than MAX_HTML_DEPTH; the parse stops right there. */
export function checkHtmlNesting(html: string): string | null {
  let depth = 0;
  const parser = new Parser({
    onopentag() {
      if (++depth > MAX_HTML_DEPTH) throw TOO_DEEP;
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.end(html);
    return null;
  } catch (e) {
    if (e !== TOO_DEEP) throw e;
    return `HTML elements nested more than ${MAX_HTML_DEPTH} deep; at most ${MAX_HTML_DEPTH} are allowed`;
  }
}

import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import type { MarkupPiece } from '../model';

// What Markdown may carry into a feed: structural and inline markup, links, images, language and
// direction. No script, style, iframe, form, event handler or inline CSS reaches a reader.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'sub',
    'sup',
    'small',
    'mark',
    'q',
    'cite',
    'abbr',
    'time',
    'bdi',
    'bdo',
    'span',
    'div',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
  ],
  allowedAttributes: {
    '*': ['lang', 'dir', 'title'],
    a: ['href', 'name', 'id'],
    img: ['src', 'alt', 'width', 'height'],
    blockquote: ['cite'],
    q: ['cite'],
    time: ['datetime'],
    ol: ['start', 'reversed'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Dropped together with their content rather than unwrapped into visible text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
};

const ALLOWED_TAGS = new Set(OPTIONS.allowedTags as string[]);
// Attributes whose value is a URL, in HTML and SVG: one dropped for its scheme is worth a warning.
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'action', 'formaction', 'poster', 'background', 'data', 'srcset', 'xlink:href', 'ping', 'longdesc']);
// The values that stay relative links (src/render/html-pieces.ts resolves them where the body is shown).
const LINK_ATTRIBUTES = new Set(['href', 'src', 'cite']);
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** A tag as sanitize-html read it: its attributes before filtering, and the names it kept. */
interface SeenTag {
  name: string;
  attributes: Record<string, string>;
  /** Set when sanitize-html wrote the tag; undefined when the tag, or content around it, was dropped. */
  kept?: Set<string>;
}

/**
 * Sanitizes HTML rendered from Markdown. Returns the safe HTML and what was removed as unsafe, so
 * the compiler can warn about it (script in content is suspicious, never silent). The account is
 * taken from sanitize-html itself: onOpenTag sees each tag's attributes as written (entities
 * decoded), exclusiveFilter the attributes it kept, so what its URL check drops
 * (`jav&#x09;ascript:`, `//host`, a `cite`) is reported exactly when it is dropped.
 */
export function sanitizeMarkup(html: string): { html: string; removed: string[] } {
  const seen: SeenTag[] = [];
  const byAttributes = new Map<object, SeenTag>();
  const safe = sanitizeHtml(html, {
    ...OPTIONS,
    onOpenTag(name, attributes) {
      const tag = { name, attributes: { ...attributes } };
      seen.push(tag);
      byAttributes.set(attributes, tag);
    },
    // Called with each tag sanitize-html wrote, its attributes object pruned of what it dropped.
    exclusiveFilter(frame) {
      const tag = byAttributes.get(frame.attribs);
      if (tag) tag.kept = new Set(Object.keys(frame.attribs));
      return false;
    },
  });
  const removed = new Set<string>();
  for (const tag of seen) {
    if (!ALLOWED_TAGS.has(tag.name)) removed.add(`<${tag.name}>`);
    for (const [name, value] of Object.entries(tag.attributes)) {
      const unsafe = tag.kept?.has(name) ? null : unsafeAttribute(name, value);
      if (unsafe) removed.add(unsafe);
    }
  }
  // sanitize-html writes `]]>` in text as `]]&gt;`, so no CDATA section can be broken by it.
  return { html: safe.trim(), removed: [...removed] };
}

/** What a dropped attribute was, when it was unsafe; null for a harmless one (a class, an id). */
function unsafeAttribute(name: string, value: string): string | null {
  if (name.startsWith('on')) return `${name}= handler`;
  if (name === 'style') return 'style attribute';
  if (!URL_ATTRIBUTES.has(name)) return null;
  const url = asUrlCheckReads(value);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme) return (OPTIONS.allowedSchemes as string[]).includes(scheme) ? null : `${scheme}: URL`;
  return /^[/\\]{2}/.test(url) ? 'protocol-relative URL' : null;
}

/**
 * A URL as sanitize-html's check reads it (launder's cleanHref): without the controls and spaces
 * browsers skip inside a scheme, and without HTML comments. Each search goes on from the last.
 */
function asUrlCheckReads(value: string): string {
  const url = value.replace(/[\u0000-\u0020]+/g, '');
  let out = '';
  let at = 0;
  for (let open = url.indexOf('<!--'); open >= 0; open = url.indexOf('<!--', at)) {
    const close = url.indexOf('-->', open + 4);
    if (close < 0) break;
    out += url.slice(at, open);
    at = close + 3;
  }
  return out + url.slice(at);
}

/**
 * Sanitized markup in pieces: the values of its relative links (href, src, cite), unescaped, apart
 * from the HTML around them, so that they are resolved where the body is shown and nothing else is
 * touched. Attributes are found by a parse; sanitize-html writes each as ` name="value"`.
 */
export function splitRelativeUrls(html: string): MarkupPiece[] {
  const pieces: MarkupPiece[] = [];
  let cursor = 0;
  const parser = new Parser({
    onattribute(name, value, quote) {
      if (!LINK_ATTRIBUTES.has(name) || SCHEME.test(value)) return;
      const start = parser.startIndex + name.length + 2;
      const end = parser.endIndex - 1;
      if (quote !== '"' || html.slice(parser.startIndex, start) !== `${name}="` || html[end] !== '"') {
        throw new Error(`a ${name} attribute is not written as ${name}="…" in sanitized markup`);
      }
      pieces.push(html.slice(cursor, start), { relativeUrl: value });
      cursor = end;
    },
  });
  parser.end(html);
  pieces.push(html.slice(cursor));
  return pieces.filter((piece) => piece !== '');
}

const BLOCK_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr', 'dt', 'dd', 'figcaption', 'div', 'hr']);

/** The text a reader sees in sanitized HTML: entities decoded, one line per block, <br> kept. */
export function markupText(html: string): string {
  let text = '';
  const parser = new Parser(
    {
      ontext(data) {
        text += data;
      },
      onopentag(name) {
        if (name === 'br') text += '\n';
        else if (name === 'li') text += '\n• ';
        else if (BLOCK_TAGS.has(name)) text += '\n';
      },
      onclosetag(name) {
        if (BLOCK_TAGS.has(name)) text += '\n';
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return tidyText(text);
}

/** Text read from markup as a block's text: blocks are joined by blank lines one level up (renderArticleText); inside one, a line each. */
export function tidyText(text: string): string {
  return text
    .split('\n')
    .map(trimSpacesAndTabs)
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

// Without a regular expression: `[ \t]*\n` is quadratic over a long run of spaces.
function trimSpacesAndTabs(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && (line[start] === ' ' || line[start] === '\t')) start++;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return line.slice(start, end);
}

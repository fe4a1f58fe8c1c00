import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

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

/**
 * Sanitizes HTML rendered from Markdown. Returns the safe HTML and a description of what was
 * removed, so the compiler can warn about it (script in content is suspicious, never silent).
 */
export function sanitizeMarkup(html: string): { html: string; removed: string[] } {
  const removed = new Set<string>();
  const parser = new Parser({
    onopentag(name, attributes) {
      if (!ALLOWED_TAGS.has(name)) removed.add(`<${name}>`);
      for (const [attr, value] of Object.entries(attributes)) {
        if (/^on/i.test(attr)) removed.add(`${attr}= handler`);
        else if (attr === 'style') removed.add('style attribute');
        else if ((attr === 'href' || attr === 'src') && /^\s*(javascript|vbscript|data):/i.test(value)) {
          removed.add(`${value.trim().split(':')[0]!.toLowerCase()}: URL`);
        }
      }
    },
  });
  parser.end(html);
  // sanitize-html writes `]]>` in text as `]]&gt;`, so no CDATA section can be broken by it.
  return { html: sanitizeHtml(html, OPTIONS).trim(), removed: [...removed] };
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
  // Blocks are joined by blank lines one level up (renderArticleText); inside one, a line each.
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

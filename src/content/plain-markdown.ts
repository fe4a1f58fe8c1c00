import type { Token } from 'marked';

// Most of an article is plain prose: paragraphs and headings of text, emphasis and code spans.
// Such a block needs no sanitizer: it can hold no tag, attribute or URL, so sanitize-html
// (src/content/sanitize-markup.ts) would only parse marked's HTML and write it again. That parse
// was most of a clean compile's time. A block is plain when every token in it is one of those
// below; anything else (raw HTML, a link or an image, any URL, an `&`, a list, a table, a task
// box, an <h1>) is not, and takes marked's renderer and the sanitizer as before.

const INLINE = new Set(['text', 'escape', 'strong', 'em', 'del', 'codespan', 'br']);
// marked leaves `&copy;` and `&#1;` as they are, and the sanitizer's parser decodes them: a block
// with an `&` is not plain. Emphasis nests at most 32 deep (check-nesting.ts): past that, not plain.
const DEEPEST = 33;

/** What is read of a token, whichever kind it is. */
type Loose = { type: string; raw: string; text?: string; tokens?: Token[]; escaped?: boolean; depth?: number };

/**
 * A plain block as sanitizeMarkup(marked's HTML) writes it, and its text as markupText reads it
 * (before tidyText), or null when the block is not plain. The sanitizer writes text with `<` and
 * `>` escaped and quotes as they are, a <br> as `<br />`, and keeps every tag here with no attribute.
 */
export function renderPlainBlock(block: Token): { html: string; text: string } | null {
  const token = block as Loose;
  const tag = token.type === 'paragraph' ? 'p' : token.type === 'heading' && token.depth! >= 2 && token.depth! <= 6 ? `h${token.depth}` : null;
  if (tag === null || token.raw.includes('&') || !Array.isArray(token.tokens)) return null;
  const inner = renderInline(token.tokens, 2);
  if (!inner) return null;
  return { html: `<${tag}>${inner.html}</${tag}>`, text: `\n${inner.text}\n` };
}

function renderInline(tokens: Token[], depth: number): { html: string; text: string } | null {
  if (depth > DEEPEST) return null;
  let html = '';
  let text = '';
  for (const token of tokens as Loose[]) {
    if (!INLINE.has(token.type)) return null;
    switch (token.type) {
      case 'text':
      case 'escape':
      case 'codespan': {
        // Inline text of raw HTML blocks comes escaped, and a text with tokens is a block's.
        if (token.escaped === true || token.tokens !== undefined) return null;
        const escaped = escapeText(token.text ?? '');
        html += token.type === 'codespan' ? `<code>${escaped}</code>` : escaped;
        text += token.text ?? '';
        break;
      }
      case 'br':
        html += '<br />';
        text += '\n';
        break;
      default: {
        if (!Array.isArray(token.tokens)) return null;
        const inner = renderInline(token.tokens, depth + 1);
        if (!inner) return null;
        html += `<${token.type}>${inner.html}</${token.type}>`;
        text += inner.text;
      }
    }
  }
  return { html, text };
}

// As sanitize-html escapes decoded text (its escapeHtml, without quotes): there is no `&` here.
function escapeText(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

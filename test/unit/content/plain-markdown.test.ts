import fc from 'fast-check';
import { Lexer, Parser, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { contentTexts } from '../../support/content-texts';
import { renderPlainBlock } from '../../../src/content/plain-markdown';
import { markupText, sanitizeMarkup, splitRelativeUrls, tidyText } from '../../../src/content/sanitize-markup';
import { markdownBody } from '../../support/markdown-body';

// The sanitizer's way, as parseMarkdownBody takes it for a block that is not plain.
function sanitized(token: Token) {
  const { html, removed } = sanitizeMarkup(new Parser({ gfm: true }).parse([token]));
  return { html, removed, text: markupText(html), pieces: splitRelativeUrls(html) };
}

/** Each top-level block of `body`: the plain way equals the sanitizer's wherever it is taken; how many took it. */
function comparePlain(body: string): { blocks: number; plain: number } {
  let plain = 0;
  const tokens = new Lexer({ gfm: true }).lex(body).filter((t) => t.type !== 'space');
  for (const token of tokens) {
    const fast = renderPlainBlock(token);
    if (!fast) continue;
    plain++;
    const slow = sanitized(token);
    expect(fast.html, token.raw).toBe(slow.html);
    expect(tidyText(fast.text), token.raw).toBe(slow.text);
    expect(slow.removed).toEqual([]);
    expect(slow.pieces).toEqual([slow.html]);
  }
  return { blocks: tokens.length, plain };
}

// Pieces of prose: every character Markdown, HTML or the sanitizer's escaping treats apart, the
// marks of emphasis, code and breaks, headings of each level, and what must not be plain (raw
// HTML, links, URLs, entities, lists, quotes).
const PIECES = [
  'نص',
  'عربي',
  'word',
  ' ',
  ' ',
  '\n',
  '  \n',
  '\\\n',
  '\n\n',
  '*',
  '**',
  '_',
  '__',
  '~',
  '~~',
  '`',
  '``',
  '\\',
  '\\*',
  '\\<',
  '<',
  '>',
  '"',
  "'",
  '&',
  '&amp;',
  '&copy;',
  '&#1;',
  '&not',
  ']]>',
  '#',
  '\n## ',
  '\n# ',
  '\n### ',
  '\n###### ',
  '\n> ',
  '\n- ',
  '\n1. ',
  '\n---\n',
  '\n```\n',
  '    ',
  '\t',
  '[a](b)',
  '[a](javascript:x)',
  '![i](p.png)',
  'https://example.org/x',
  'www.example.org',
  'a@example.org',
  '<b>',
  '</b>',
  '<script>x</script>',
  '<br>',
  '<!-- c -->',
  '|',
  '\n|a|b|\n|-|-|\n',
  '[ ]',
  '\u00a0',
  '\u2067',
  '؟',
  'é',
];
const prose = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));

describe('renderPlainBlock', () => {
  it('writes a plain block as the sanitizer writes marked’s HTML of it, with the same text, on generated Markdown', () => {
    let blocks = 0;
    let plain = 0;
    fc.assert(
      fc.property(fc.oneof(prose, markdownBody), (body) => {
        const counted = comparePlain(body);
        blocks += counted.blocks;
        plain += counted.plain;
      }),
      { numRuns: 5000 },
    );
    // Not a test that passes by never taking the plain way: it is taken for many blocks, not all.
    expect(plain).toBeGreaterThan(blocks / 5);
    expect(plain).toBeLessThan(blocks);
  });

  it('writes the plain blocks of the real content, the fixtures and the scale benchmark’s articles as the sanitizer does', () => {
    const bodies = contentTexts(3);
    let plain = 0;
    for (const text of bodies) plain += comparePlain(text.replace(/\r\n?/g, '\n')).plain;
    expect(plain).toBeGreaterThan(40);
  });

  it('leaves to the sanitizer every block with raw HTML, a link, an image, a URL, an entity or an <h1>', () => {
    for (const body of [
      'a <b>bold</b> word',
      '<p>raw</p>',
      'a <script>alert(1)</script>',
      'a [link](https://example.org)',
      'a [link](javascript:alert(1))',
      'an ![image](x.png)',
      'see https://example.org',
      'see www.example.org',
      'mail a@example.org',
      'AT&amp;T',
      '&#x3c;script&#x3e;',
      '# title',
      '- a list',
      '> a quote',
      '```\ncode\n```',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      'a<!-- comment -->b',
    ]) {
      const [token] = new Lexer({ gfm: true }).lex(body);
      expect(renderPlainBlock(token!), body).toBeNull();
    }
  });

  it('writes prose, emphasis, code, breaks and headings', () => {
    const one = (body: string) => renderPlainBlock(new Lexer({ gfm: true }).lex(body)[0]!);
    expect(one('نص **عريض** و*مائل* و~~محذوف~~ `a < b` "q" \'s\'')).toEqual({
      html: '<p>نص <strong>عريض</strong> و<em>مائل</em> و<del>محذوف</del> <code>a &lt; b</code> "q" \'s\'</p>',
      text: '\nنص عريض ومائل ومحذوف a < b "q" \'s\'\n',
    });
    expect(one('line  \nnext\\\nlast')).toEqual({ html: '<p>line<br />next<br />last</p>', text: '\nline\nnext\nlast\n' });
    expect(one('### a > b')).toEqual({ html: '<h3>a &gt; b</h3>', text: '\na > b\n' });
  });
});

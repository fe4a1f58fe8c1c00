import { Lexer, Parser, type Token, type Tokens } from 'marked';
import { detectPlainTweets, type Warn } from '../citations/detect-tweets';
import { findEmbeds, isEmbedScript, parseEmbedTweet } from '../citations/parse-embed';
import type { Block } from '../model';
import { checkHtmlNesting, checkMarkdownNesting } from './check-nesting';
import { atLine } from './diagnostics';
import { renderPlainBlock } from './plain-markdown';
import { markupText, sanitizeMarkup, splitRelativeUrls, tidyText } from './sanitize-markup';

/**
 * Parses a Markdown body with marked (GFM). Each top-level block is rendered and sanitized on its
 * own so that it keeps its line number; embedded tweets, in either the embed-HTML or the
 * plain-text form, become tweet blocks instead.
 */
export function parseMarkdownBody(body: string, firstLine: number, ctx: MarkdownContext): Block[] {
  const deep = checkMarkdownNesting(body);
  if (deep) ctx.fail(firstLine + deep.index, deep.message);
  const tokens = new Lexer({ gfm: true }).lex(body);
  const blocks: Block[] = [];
  let line = firstLine;
  let run: { token: Tokens.Paragraph; line: number }[] = [];

  const htmlBlock = (markdownTokens: Token[], at: number) => {
    // Plain prose needs no sanitizer: written as it would write it (plain-markdown.ts).
    const plain = markdownTokens.length === 1 ? renderPlainBlock(markdownTokens[0]!) : null;
    if (plain) {
      blocks.push({ type: 'html', html: [plain.html], text: tidyText(plain.text), line: at });
      return;
    }
    const rendered = new Parser({ gfm: true }).parse(markdownTokens as Token[]);
    const deepHtml = checkHtmlNesting(rendered);
    if (deepHtml) ctx.fail(at, deepHtml);
    const { html, removed } = sanitizeMarkup(rendered);
    if (removed.length > 0) ctx.warn(at, `removed unsafe HTML: ${removed.join(', ')}`);
    if (html.length > 0) blocks.push({ type: 'html', html: splitRelativeUrls(html), text: markupText(html), line: at });
  };
  const flushParagraphs = () => {
    const units = run.map((p) => ({ text: p.token.raw.trim(), line: p.line }));
    for (const found of detectPlainTweets(units, ctx)) {
      if (found.kind === 'tweet') blocks.push({ type: 'tweet', tweet: found.tweet, line: found.line });
      else htmlBlock([run[found.index]!.token], run[found.index]!.line);
    }
    run = [];
  };

  for (const token of tokens) {
    const at = line;
    line += token.raw.split('\n').length - 1;
    if (token.type === 'paragraph') {
      run.push({ token: token as Tokens.Paragraph, line: at });
      continue;
    }
    if (token.type === 'space') continue;
    atLine(run[0]?.line ?? at, flushParagraphs);
    atLine(at, () => {
      if (token.type !== 'html') return htmlBlock([token], at);
      // Embeds are found by a parse and read into a tree: the depth of the HTML is bounded first.
      const deepHtml = checkHtmlNesting(token.raw);
      if (deepHtml) ctx.fail(at, deepHtml);
      const embeds = findEmbeds(token.raw);
      if (embeds.length === 0) htmlBlock([token], at);
      else splitEmbeds(token.raw, embeds, at, ctx, blocks, htmlBlock);
    });
  }
  atLine(run[0]?.line ?? line, flushParagraphs);
  return blocks;
}

export interface MarkdownContext {
  articleLang: string;
  warn: Warn;
  /** Stops the build with an error at a line of the file. */
  fail: (line: number, message: string) => never;
}

/** An HTML block may hold several embeds, their widget scripts, and other markup between them. */
function splitEmbeds(
  raw: string,
  embeds: [number, number][],
  firstLine: number,
  ctx: MarkdownContext,
  blocks: Block[],
  htmlBlock: (tokens: Token[], line: number) => void,
): void {
  // Offsets are asked for in order: lines are counted once, from where the last count stopped.
  let [line, counted] = [firstLine, 0];
  const lineOf = (offset: number) => {
    for (; counted < offset; counted++) if (raw[counted] === '\n') line++;
    return line;
  };
  const rest = (from: number, to: number) => {
    const piece = raw.slice(from, to);
    if (piece.trim().length === 0 || isEmbedScript(piece.trim())) return;
    htmlBlock([{ type: 'html', raw: piece, text: piece, block: true, pre: false } as Tokens.HTML], lineOf(from));
  };
  let cursor = 0;
  for (const [start, stop] of embeds) {
    rest(cursor, start);
    const embed = raw.slice(start, stop);
    const at = lineOf(start);
    const parsed = atLine(at, () => parseEmbedTweet(embed, ctx));
    if ('tweet' in parsed) {
      // Only the tweet's words are kept; what the sanitizer would have removed from it is reported.
      const { removed } = sanitizeMarkup(embed);
      if (removed.length > 0) ctx.warn(at, `removed unsafe HTML from the embedded tweet: ${removed.join(', ')}`);
      if (parsed.warning) ctx.warn(at, parsed.warning);
      blocks.push({ type: 'tweet', tweet: parsed.tweet, line: at });
    } else {
      ctx.warn(at, `embedded tweet kept as ordinary HTML: ${parsed.error}`);
      htmlBlock([{ type: 'html', raw: embed, text: embed, block: true, pre: false } as Tokens.HTML], at);
    }
    cursor = stop;
  }
  rest(cursor, raw.length);
}

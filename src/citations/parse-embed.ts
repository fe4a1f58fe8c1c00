import { DomUtils, ElementType, Parser, parseDocument } from 'htmlparser2';
import { directionOf } from '../lang';
import type { Tweet } from '../model';
import { trimSpaces } from '../trim-spaces';
import { detectLanguage, scriptOf } from './detect-language';
import { isValidHandle, readTweetDate, splitAttribution } from './parse-attribution';
import { FIRST_SNOWFLAKE, tweetTimeFromId } from './snowflake';
import { mediaLinks } from './tokenize-text';

// htmlparser2 is the only HTML parser here; its node types are taken from its own API.
type Node = ReturnType<typeof parseDocument>['children'][number];
type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;

const STATUS_LINK = /^https?:\/\/(?:(?:www|mobile)\.)?(twitter|x)\.com\/(?:#!\/)?([A-Za-z0-9_]+)\/status(?:es)?\/(\d+)/i;
const WIDGETS_SRC = /^(?:https?:)?\/\/platform\.(?:twitter|x)\.com\/widgets\.js$/i;
// Twitter marks text without a language of its own: und, zxx, and private-use codes (qme = media only).
const NO_LANGUAGE = /^(?:und|zxx|q[a-t][a-z])$/i;
// A status id is a signed 64-bit snowflake: its time then falls before 2080 (a four-digit year).
const LAST_SNOWFLAKE = 2n ** 63n - 1n;

/**
 * Reads Twitter/X embed HTML (`<blockquote class="twitter-tweet"><p>…</p>&mdash; Name (@handle)
 * <a href="…/status/ID">Date</a></blockquote>`, optionally followed by the widgets script). A
 * status link that names another account than the attribution is kept, with a warning.
 */
export function parseEmbedTweet(html: string, ctx: { articleLang: string }): { tweet: Tweet; warning?: string } | { error: string } {
  const top = parseDocument(html).children.filter((n) => !isBlank(n) && !isWidgetsScript(n));
  const quote = top[0];
  if (top.length !== 1 || !isElement(quote, 'blockquote') || !classesOf(quote).includes('twitter-tweet')) {
    return { error: 'expected one <blockquote class="twitter-tweet"> and nothing else' };
  }
  const p = quote.children.find((n): n is Element => isElement(n, 'p'));
  if (!p) return { error: 'embedded tweet has no <p> holding its text' };
  const text = textOf(p).split('\n').map(trimSpaces).join('\n').trim();
  if (text === '') return { error: 'embedded tweet has an empty <p>' };

  const after = quote.children.slice(quote.children.indexOf(p) + 1);
  const parts = splitAttribution(after.map(textOf).join('').replace(/\s+/g, ' ').trim());
  if (parts?.before !== '') return { error: 'embedded tweet has no attribution (&mdash; Name (@handle)) after its <p>' };
  if (!isValidHandle(parts.handle)) {
    return { error: `embedded tweet has an invalid handle "@${parts.handle}" (1–15 letters, digits or _)` };
  }

  const link = DomUtils.findOne((el) => el.name === 'a' && STATUS_LINK.test(el.attribs.href ?? ''), after);
  const [, site = '', linkHandle = '', id = null] = link ? STATUS_LINK.exec(link.attribs.href!)! : [];
  if (id !== null && (id.length > 19 || BigInt(id) > LAST_SNOWFLAKE)) {
    return { error: `embedded tweet links status ${id}, which is not a tweet id (a 64-bit number, at most ${LAST_SNOWFLAKE})` };
  }
  const time = id !== null && BigInt(id) >= FIRST_SNOWFLAKE ? tweetTimeFromId(id) : null;
  const date = readTweetDate(parts.dateText) ?? time?.slice(0, 10);
  if (!date) return { error: `embedded tweet date cannot be read: "${parts.dateText}"` };

  const pLang = p.attribs.lang?.trim() ?? '';
  const pDir = p.attribs.dir?.trim().toLowerCase();
  const lang = pLang !== '' && !NO_LANGUAGE.test(pLang) && scriptOf(pLang) ? pLang : detectLanguage(text, ctx.articleLang).lang;
  const tweet: Tweet = {
    text,
    authorName: parts.name || parts.handle,
    handle: parts.handle,
    date,
    time,
    // The status as the source gave it, over https: its account may not be the attribution's.
    statusUrl: id === null ? null : `https://${site.toLowerCase()}.com/${linkHandle}/status/${id}`,
    media: mediaLinks(text),
    lang,
    dir: pDir === 'rtl' || pDir === 'ltr' ? pDir : directionOf(lang),
  };
  if (id === null || linkHandle.toLowerCase() === parts.handle.toLowerCase()) return { tweet };
  return { tweet, warning: `embedded tweet is attributed to @${parts.handle} but links a post of @${linkHandle}: the link is kept as given` };
}

/**
 * Where the embeds of a piece of HTML are, as [start, end) offsets: each outermost
 * `<blockquote class="twitter-tweet">` to its own end tag, or to where the parser closes it.
 */
export function findEmbeds(html: string): [number, number][] {
  const found: [number, number][] = [];
  let depth = 0;
  let embedDepth = -1;
  let start = 0;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (embedDepth < 0 && name === 'blockquote' && (attributes.class ?? '').split(/\s+/).includes('twitter-tweet')) {
        [embedDepth, start] = [depth, parser.startIndex];
      }
      depth++;
    },
    onclosetag(_, isImplied) {
      if (--depth !== embedDepth) return;
      // An element closed by a later end tag, or by the end of the text, ends where that begins.
      found.push([start, isImplied ? parser.startIndex : parser.endIndex + 1]);
      embedDepth = -1;
    },
  });
  parser.end(html);
  return found;
}

/** The `<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>` after embeds. */
export function isEmbedScript(html: string): boolean {
  const top = parseDocument(html).children.filter((n) => !isBlank(n));
  return top.length === 1 && isWidgetsScript(top[0]!);
}

function isTag(node: Node): node is Element {
  return ElementType.isTag(node);
}

function isElement(node: Node | undefined, name: string): node is Element {
  return node !== undefined && isTag(node) && node.name === name;
}

function isBlank(node: Node): boolean {
  return node.type === ElementType.Comment || (node.type === ElementType.Text && node.data.trim() === '');
}

function isWidgetsScript(node: Node): boolean {
  return isElement(node, 'script') && WIDGETS_SRC.test(node.attribs.src?.trim() ?? '') && DomUtils.textContent(node).trim() === '';
}

function classesOf(el: Element): string[] {
  return (el.attribs.class ?? '').split(/\s+/);
}

// Elements whose content a reader never sees as words; the sanitizer drops them with it (src/content/sanitize-markup.ts).
const NOT_TEXT = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template']);

// As a browser shows it: source whitespace collapses to a space, <br> is a line break.
function textOf(node: Node): string {
  if (node.type === ElementType.Text) return node.data.replace(/[ \t\n\r\f]+/g, ' ');
  if (!isTag(node) || NOT_TEXT.has(node.name)) return '';
  if (node.name === 'br') return '\n';
  return node.children.map(textOf).join('');
}

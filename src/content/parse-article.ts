import type { Warn } from '../citations/detect-tweets';
import { canonicalLang } from '../lang';
import type { Article, Block } from '../model';
import { firstUnsafeChar, xmlSafe } from '../xml-chars';
import { unbalancedBidi } from './check-bidi';
import { ContentError, type Diagnostic } from './diagnostics';
import { parseDate } from './parse-date';
import { parseMarkdownBody } from './parse-markdown-body';
import { parseTextBody } from './parse-text-body';
import { readArticleId, readSourceUrl } from './read-urls';
import { splitFrontMatter } from './split-front-matter';

export const FRONT_MATTER_KEYS = ['title', 'date', 'updated', 'author', 'lang', 'summary', 'tags', 'source', 'id'] as const;
const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const SUMMARY_CHARS = 280;
// A long feature runs to 10,000 words, 60-120 KB of UTF-8 (Arabic letters take two bytes). A
// listed article's body is in the bundle twice (written ahead as HTML, which the three formats
// share, and as JSON Feed's content_text), in every feed object of the store that lists it, and in
// every poll of every feed:
// twice the longest real article is surely a mistake.
const MAX_ARTICLE_BYTES = 256 * 1024;

export interface ParsedArticle {
  article: Article;
  warnings: Diagnostic[];
}

/**
 * Parses one content file (`content/<slug>.md` or `.txt`) into the article model.
 * Throws ContentError listing every error in the file; cleans and reports what is suspicious.
 */
export function parseArticle(file: string, bytes: Uint8Array): ParsedArticle {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const fail = (line: number, message: string): never => {
    throw new ContentError([...errors, { file, line, message }], warnings);
  };

  const name = file.split('/').pop() ?? file;
  const ext = /\.(md|txt)$/.exec(name)?.[1] as 'md' | 'txt' | undefined;
  if (!ext) fail(1, 'content files end in .md (Markdown) or .txt (plain-text export)');
  const slug = name.replace(/\.(md|txt)$/, '');
  if (!SLUG.test(slug)) fail(1, `file name "${name}" is not a slug: use lowercase a-z and 0-9, with single hyphens or underscores between them`);

  if (bytes.byteLength > MAX_ARTICLE_BYTES) {
    const kb = Math.round(bytes.byteLength / 1024);
    warnings.push({
      file,
      line: 1,
      message: `the file is ${kb} KB, over the 256 KB an article should take: its body goes into the bundle twice and into every feed; split or trim it`,
    });
  }
  const text = cleanText(
    decodeUtf8(bytes, (line, message) => fail(line, message)),
    (line, message) => warnings.push({ file, line, message }),
  );
  const split = splitFrontMatter(text, file);
  if ('errors' in split) throw new ContentError(split.errors, warnings);
  const { fields, body, bodyLine } = split.ok;
  warnings.push(...split.ok.warnings);

  for (const [key, field] of fields) {
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      const guess = FRONT_MATTER_KEYS.find((k) => editDistance(k, key) <= 2);
      errors.push({
        file,
        line: field.line,
        message: `unknown front-matter key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; known keys: ${FRONT_MATTER_KEYS.join(', ')}`,
      });
    }
  }
  const str = (key: string): { value: string; line: number } | null => {
    const field = fields.get(key);
    if (!field || field.value === null) return null;
    if (Array.isArray(field.value)) {
      errors.push({ file, line: field.line, message: `"${key}" must be text, not a list` });
      return null;
    }
    const value = field.value.trim();
    return value.length > 0 ? { value, line: field.line } : null;
  };
  const date = (key: string, f: { value: string; line: number } | null): string | null => {
    if (!f) return null;
    const parsed = parseDate(f.value);
    if ('error' in parsed) {
      errors.push({ file, line: f.line, message: `${key}: ${parsed.error}` });
      return null;
    }
    return parsed.iso;
  };

  const title = str('title');
  if (!title) errors.push({ file, line: fields.get('title')?.line ?? 1, message: 'title is required and must not be empty' });
  const dateField = str('date');
  if (!dateField) errors.push({ file, line: fields.get('date')?.line ?? 1, message: 'date is required (YYYY-MM-DD or an RFC 3339 date-time)' });
  const published = date('date', dateField);
  const updatedField = str('updated');
  const updated = date('updated', updatedField);
  if (published && updated && updated < published) {
    errors.push({ file, line: updatedField!.line, message: `updated (${updated}) is before date (${published})` });
  }

  const langField = str('lang');
  const lang = langField ? canonicalLang(langField.value) : null;
  if (langField && !lang) errors.push({ file, line: langField.line, message: `lang "${langField.value}" is not a BCP 47 language tag (e.g. ar, en, fr-CA)` });

  const sourceField = str('source');
  const source = sourceField ? readSourceUrl(sourceField.value) : null;
  if (source && 'error' in source) errors.push({ file, line: sourceField!.line, message: source.error });
  const idField = str('id');
  // Atom §4.2.6: atom:id is an IRI; the same id is used in every format, so it must be one.
  const id = idField ? readArticleId(idField.value) : null;
  if (id && 'error' in id) errors.push({ file, line: idField!.line, message: id.error });
  const tagsField = fields.get('tags');
  let tags: string[] = [];
  if (tagsField && tagsField.value !== null) {
    if (!Array.isArray(tagsField.value)) errors.push({ file, line: tagsField.line, message: 'tags must be a list, e.g. tags: [syria, hasakah]' });
    else tags = tagsField.value.map((t) => t.trim()).filter((t) => t.length > 0);
  }
  const author = str('author');
  const summaryField = str('summary');
  if (errors.length > 0) throw new ContentError(errors, warnings);

  const warn: Warn = (line, message) => warnings.push({ file, line, message });
  // Bidirectional controls left open in text that is placed beside other text, and in each line of
  // the body (where a plain-text paragraph ends, and so does what a control reorders).
  for (const [key, field] of [
    ['title', title],
    ['author', author],
    ['summary', summaryField],
  ] as const) {
    const unbalanced = field && unbalancedBidi(field.value);
    if (unbalanced) warn(field.line, `"${key}" has a ${unbalanced}`);
  }
  const unbalancedTag = tags.map(unbalancedBidi).find((problem) => problem !== null);
  if (unbalancedTag) warn(tagsField!.line, `"tags" has a ${unbalancedTag}`);
  body.split('\n').forEach((line, i) => {
    const unbalanced = unbalancedBidi(line);
    if (unbalanced) warn(bodyLine + i, `line has a ${unbalanced}`);
  });
  const ctx = { articleLang: lang ?? 'und', warn, fail };
  const parsed = ext === 'md' ? parseMarkdownBody(body, bodyLine, ctx) : parseTextBody(body, bodyLine, ctx);
  const blocks = parsed.map((block) => cleanBlock(block, warn));
  if (blocks.length === 0) warn(bodyLine, 'the article has no body');

  return {
    article: {
      slug,
      id: id && 'id' in id ? id.id : null,
      title: title!.value,
      date: published!,
      updated: updated ?? published!,
      author: author?.value ?? null,
      lang,
      summary: summaryField?.value ?? deriveSummary(blocks),
      tags,
      source: source && 'url' in source ? source.url : null,
      file,
      blocks,
      rendered: null,
    },
    warnings,
  };
}

/** Strict UTF-8: a file that is not UTF-8 is an error at the line of its first bad byte. */
function decodeUtf8(bytes: Uint8Array, fail: (line: number, message: string) => never): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let good = 0;
    for (let end = bytes.length; good < end; ) {
      const mid = Math.ceil((good + end) / 2);
      try {
        new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, mid), { stream: true });
        good = mid;
      } catch {
        end = mid - 1;
      }
    }
    // `good` may end inside a sequence that the next byte breaks: point at the sequence's start.
    let bad = good;
    for (let k = good - 1; k >= Math.max(0, good - 3); k--) {
      if (bytes[k]! >= 0xc0) {
        if (isUtf8(bytes.subarray(0, k))) bad = k;
        break;
      }
      if ((bytes[k]! & 0xc0) !== 0x80) break;
    }
    const line = bytes.subarray(0, bad).filter((b) => b === 0x0a).length + 1;
    return fail(line, `not UTF-8: invalid byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} (save the file as UTF-8)`);
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Normalizes line ends and removes characters XML cannot carry, warning once per line. */
function cleanText(text: string, warn: Warn): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines
    .map((line, i) => {
      const at = firstUnsafeChar(line);
      if (at < 0) return line;
      const code = line.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0');
      warn(i + 1, `removed control character U+${code} (not allowed in XML)`);
      return xmlSafe(line);
    })
    .join('\n');
}

/**
 * The block with characters XML cannot carry removed, warning once: the file's text was cleaned
 * already, but an HTML parser decodes entities (`&#1;`) into such characters again.
 */
function cleanBlock(block: Block, warn: Warn): Block {
  let first = -1;
  const safe = (text: string) => {
    const at = firstUnsafeChar(text);
    if (at < 0) return text;
    if (first < 0) first = text.codePointAt(at)!;
    return xmlSafe(text);
  };
  const clean: Block =
    block.type === 'tweet'
      ? { ...block, tweet: { ...block.tweet, text: safe(block.tweet.text), authorName: safe(block.tweet.authorName) } }
      : block.type === 'html'
        ? {
            ...block,
            html: block.html.map((piece) => (typeof piece === 'string' ? safe(piece) : { relativeUrl: safe(piece.relativeUrl) })),
            text: safe(block.text),
          }
        : { ...block, text: safe(block.text) };
  if (first < 0) return block;
  warn(block.line, `removed control character U+${first.toString(16).toUpperCase().padStart(4, '0')} (not allowed in XML)`);
  return clean;
}

function deriveSummary(blocks: Block[]): string {
  // The lead paragraph: a Markdown heading is an html block too, so look for a <p>.
  const lead = blocks.find((b) => b.type === 'paragraph' || (b.type === 'html' && typeof b.html[0] === 'string' && b.html[0].startsWith('<p>')));
  const text = lead && (lead.type === 'paragraph' || lead.type === 'html') ? lead.text : '';
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SUMMARY_CHARS) return flat;
  const cut = flat.slice(0, SUMMARY_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

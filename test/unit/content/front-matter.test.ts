import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTexts } from '../../support/content-texts';
import { readSimpleFields, readYamlFields } from '../../../src/content/split-front-matter';

/** Front matter read the simple way, when it is taken, equals what the YAML parser reads; whether it was taken. */
function compareSimple(yamlText: string): boolean {
  const simple = readSimpleFields(yamlText);
  if (!simple) return false;
  expect(readYamlFields(yamlText, 'content/a.md'), yamlText).toEqual({ fields: simple, warnings: [] });
  return true;
}

// What a value may be made of: words in both directions, every YAML indicator and quote, spaces
// where YAML reads them and where it does not, and characters that look like space but are text.
const CHARS = fc.constantFrom(
  'a',
  'Z',
  '1984',
  'سوريا',
  'é',
  '😀',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  ':',
  ': ',
  '#',
  ' #',
  '-',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\\',
  '~',
  'null',
  'true',
  '.',
  '/',
  '\u2028',
  '\ufeff',
  '\u0001',
);
const text = fc.array(CHARS, { maxLength: 8 }).map((parts) => parts.join(''));
const key = fc.constantFrom('title', 'date', 'tags', 'lang', 'x-y', '_k', 'Title', 'a b', '-k', '"q"', 'id');
const value = fc.oneof(
  text,
  text.map((t) => `"${t}"`),
  text.map((t) => `'${t}'`),
  fc.array(text, { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  fc.array(text, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
);
const line = fc.tuple(key, fc.constantFrom(':', ': ', ':  ', ':\t'), value).map(([k, sep, v]) => `${k}${sep}${v}`);
// Lines that are mostly simple, with the characters that decide whether they are.
const near = fc
  .array(fc.constantFrom('a', 'Z', '1984', 'سوريا', '😀', ' ', ':', '#', '-', ',', '[', ']', '.', '/', '\u00a0', "'", '"', 'null'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));
const nearValue = fc.oneof(
  near,
  near.map((t) => `"${t}"`),
  near.map((t) => `'${t}'`),
  fc.array(near, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
);
const nearLine = fc.tuple(fc.constantFrom('title', 'date', 'tags', 'summary'), nearValue).map(([k, v]) => `${k}: ${v}`);
const wild = fc
  .array(fc.oneof(line, line, line, fc.constantFrom('', '# note', '  indented: x', '- item')), { minLength: 1, maxLength: 5 })
  .map((lines) => lines.join('\n'));
const frontMatter = fc.oneof(
  fc.array(nearLine, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
  wild,
);

describe('readSimpleFields', () => {
  it('reads front matter as the YAML parser does wherever it reads it, on generated front matter', () => {
    let simple = 0;
    let runs = 0;
    fc.assert(
      fc.property(frontMatter, (yaml) => {
        runs++;
        if (compareSimple(yaml)) simple++;
      }),
      { numRuns: 20_000 },
    );
    // Taken often, and not always: both ways are exercised.
    expect(simple).toBeGreaterThan(runs / 20);
    expect(simple).toBeLessThan(runs);
  });

  it('reads the front matter of the real content, the fixtures and the scale benchmark’s articles as the parser does', () => {
    const texts = contentTexts(20);
    let simple = 0;
    for (const t of texts) {
      const lines = t.replace(/\r\n?/g, '\n').split('\n');
      const close = lines.indexOf('---', 1);
      if (lines[0] !== '---' || close < 0) continue;
      if (compareSimple(lines.slice(1, close).join('\n'))) simple++;
    }
    expect(simple).toBeGreaterThan(20);
  });

  it('leaves to the parser what it reports or reads otherwise', () => {
    for (const yaml of [
      'title: a\ntitle: b',
      'title: a # comment',
      'title: a: b',
      'title:',
      'title: ',
      'title: "a\\tb"',
      "title: 'it''s'",
      'title: |\n  block',
      'tags:\n  - a',
      'tags: [a, [b]]',
      'tags: [a,, b]',
      'tags: [a: b]',
      '  title: indented',
      '# a comment',
      'title: &anchor a',
      'title:\ta',
      'title: \u00a0a',
      'title: a\u0001',
    ]) {
      expect(readSimpleFields(yaml), yaml).toBeNull();
    }
  });

  it('reads keys, plain and quoted values and lists, with their lines', () => {
    expect(
      readSimpleFields('title: "سوريا: هجوم"\ndate: 2022-01-21T09:30:00+03:00\ntags: [syria, new york ,حلب]\nid: tag:example.com,2022:a\nsummary: \'\''),
    ).toEqual(
      new Map<string, unknown>([
        ['title', { value: 'سوريا: هجوم', line: 2 }],
        ['date', { value: '2022-01-21T09:30:00+03:00', line: 3 }],
        ['tags', { value: ['syria', 'new york', 'حلب'], line: 4 }],
        ['id', { value: 'tag:example.com,2022:a', line: 5 }],
        ['summary', { value: null, line: 6 }],
      ]),
    );
  });
});

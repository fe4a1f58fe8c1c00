import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../../src/content/diagnostics';
import { parseArticle } from '../../../src/content/parse-article';
import { parseDate } from '../../../src/content/parse-date';
import { isSubheading } from '../../../src/content/parse-text-body';
import { prerenderEntries } from '../../../src/feeds/prerender-entries';
import { contentFile, makeContent } from '../../support/make-article';

const valid = { title: 'عنوان', date: '2022-01-21', lang: 'ar' };

/** The error lines a file produces, exactly as the build prints them. */
function errorsOf(file: string, bytes: Uint8Array): string[] {
  try {
    parseArticle(file, bytes);
  } catch (e) {
    if (e instanceof ContentError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected a ContentError');
}

describe('parseArticle: the bundled article', () => {
  const file = 'content/hasakah-ghwayran-prison-attack.txt';
  const { article, warnings } = parseArticle(file, new Uint8Array(readFileSync(file)));
  // test/fixtures/seed-article.txt is ../shared/seed/000_2d34422f699394eb.txt, byte for byte.
  const seedText = readFileSync('test/fixtures/seed-article.txt', 'utf8');
  const seed = seedText.split('\n');

  it('carries the seed text unchanged as its body', () => {
    const text = readFileSync(file, 'utf8');
    expect(text.slice(text.indexOf('\n---\n') + 5)).toBe(seedText);
  });

  it('reads the front matter', () => {
    expect(warnings).toEqual([]);
    expect(article.slug).toBe('hasakah-ghwayran-prison-attack');
    expect(article.title).toBe('«قسد» تقتل 23 مقاتلًا من تنظيم الدولة بعد هجومه على سجن غويران في الحسكة');
    expect(article.date).toBe('2022-01-21T00:00:00Z');
    expect(article.updated).toBe('2022-01-21T00:00:00Z');
    expect(article.lang).toBe('ar');
    expect(article.author).toBe('العربي');
    expect(article.tags).toEqual(['سوريا', 'الحسكة', 'تنظيم الدولة', 'قسد']);
    expect(article.id).toBeNull();
    expect(article.summary).toBe(seed[0]);
  });

  it('keeps every line of the seed, in order, as one block or part of a tweet', () => {
    const kinds = article.blocks.map((b) => `${b.line}:${b.type}`);
    expect(kinds).toEqual([
      '8:paragraph',
      '9:paragraph',
      '10:tweet',
      '12:paragraph',
      '13:paragraph',
      '14:paragraph',
      '15:tweet',
      '17:paragraph',
      '18:heading',
      '19:paragraph',
      '20:paragraph',
      '21:paragraph',
      '22:paragraph',
      '23:tweet',
      '25:paragraph',
    ]);
    const heading = article.blocks.find((b) => b.type === 'heading');
    expect(heading).toEqual({ type: 'heading', text: '"قسد" تسيطر على سجن غويران', level: 2, line: 18 });
    for (const block of article.blocks) {
      if (block.type === 'paragraph' || block.type === 'heading') expect(block.text).toBe(seed[block.line - 8]);
    }
  });
});

describe('parseArticle: bad content stops the build with file and line', () => {
  const cases: [string, Uint8Array, string[]][] = [
    ['missing title', contentFile({ date: '2022-01-21' }, 'Body'), ['content/a.txt:1: title is required and must not be empty']],
    ['empty title', contentFile({ title: '""', date: '2022-01-21' }, 'Body'), ['content/a.txt:2: title is required and must not be empty']],
    ['missing date', contentFile({ title: 'T' }, 'Body'), ['content/a.txt:1: date is required (YYYY-MM-DD or an RFC 3339 date-time)']],
    [
      'unparseable date',
      contentFile({ title: 'T', date: '21/01/2022' }, 'Body'),
      ['content/a.txt:3: date: "21/01/2022" is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)'],
    ],
    ['impossible date', contentFile({ title: 'T', date: '2022-02-30' }, 'Body'), ['content/a.txt:3: date: "2022-02-30" is not a real date']],
    [
      'date-time without zone',
      contentFile({ title: 'T', date: '2022-01-21T10:00:00' }, 'Body'),
      ['content/a.txt:3: date: "2022-01-21T10:00:00" has no time zone: add Z or an offset such as +03:00'],
    ],
    [
      'unknown key',
      contentFile({ title: 'T', date: '2022-01-21', titel: 'x' }, 'Body'),
      ['content/a.txt:4: unknown front-matter key "titel" (did you mean "title"?); known keys: title, date, updated, author, lang, summary, tags, source, id'],
    ],
    [
      'malformed YAML',
      contentFile({ title: 'T', date: '2022-01-21', tags: '[a, b' }, 'Body'),
      ['content/a.txt:4: malformed YAML in front matter: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
    [
      'duplicate key',
      contentFile({ title: 'T', date: '2022-01-21', 'title ': 'U' }, 'Body'),
      ['content/a.txt:4: malformed YAML in front matter: Map keys must be unique'],
    ],
    [
      'bad language',
      contentFile({ title: 'T', date: '2022-01-21', lang: 'arabic!' }, 'Body'),
      ['content/a.txt:4: lang "arabic!" is not a BCP 47 language tag (e.g. ar, en, fr-CA)'],
    ],
    [
      'updated before date',
      contentFile({ title: 'T', date: '2022-01-21', updated: '2022-01-20' }, 'Body'),
      ['content/a.txt:4: updated (2022-01-20T00:00:00Z) is before date (2022-01-21T00:00:00Z)'],
    ],
    ...[
      'my article',
      'javascript:alert(1)',
      'data:text/html,x',
      'mailto:desk@example.org',
      'tag:example.com:no-date',
      'tag:example.com,2022:a b',
      'urn:uuid',
      'https:',
      'tag:example.com,2022:\u202Eevil',
    ].map((id): [string, Uint8Array, string[]] => [
      `id ${id}`,
      contentFile({ title: 'T', date: '2022-01-21', id: JSON.stringify(id) }, 'Body'),
      [`content/a.txt:4: id "${id}" is not a permanent identifier: use a tag: URI (tag:example.com,2022:my-article), a urn: (urn:uuid:…) or an http(s) URL`],
    ]),
    [
      'an id with credentials',
      contentFile({ title: 'T', date: '2022-01-21', id: 'https://desk:secret@example.org/a' }, 'Body'),
      ['content/a.txt:4: id "https://desk:secret@example.org/a" has a user name or password in it: remove them'],
    ],
    [
      'an id URL not in normal form',
      contentFile({ title: 'T', date: '2022-01-21', id: 'HTTPS://Example.org' }, 'Body'),
      ['content/a.txt:4: id "HTTPS://Example.org" is not in normal form: write it as "https://example.org/"'],
    ],
    [
      'a source with credentials',
      contentFile({ title: 'T', date: '2022-01-21', source: 'https://user:pass@example.org/report' }, 'Body'),
      ['content/a.txt:4: source "https://user:pass@example.org/report" has a user name or password in it: remove them'],
    ],
    [
      'a source that is not http(s)',
      contentFile({ title: 'T', date: '2022-01-21', source: 'javascript:alert(1)' }, 'Body'),
      ['content/a.txt:4: source "javascript:alert(1)" is not an absolute http(s) URL'],
    ],
    [
      'tags not a list',
      contentFile({ title: 'T', date: '2022-01-21', tags: 'syria' }, 'Body'),
      ['content/a.txt:4: tags must be a list, e.g. tags: [syria, hasakah]'],
    ],
    ['no front matter', new TextEncoder().encode('Just text\n'), ['content/a.txt:1: missing front matter: the file must start with a line "---"']],
    [
      'front matter longer than a few fields',
      contentFile({ title: 'T', date: '2022-01-21', summary: 'x'.repeat(16_400) }, 'Body'),
      ['content/a.txt:2: front matter is 16435 characters long; at most 16384 are allowed'],
    ],
    ['unclosed front matter', new TextEncoder().encode('---\ntitle: T\n'), ['content/a.txt:1: front matter is not closed: add a line "---" after it']],
    [
      'not UTF-8',
      new Uint8Array([...new TextEncoder().encode('---\ntitle: T\ndate: 2022-01-21\n---\nline one\n'), 0xd9, 0x20, 0x0a]),
      ['content/a.txt:6: not UTF-8: invalid byte 0xd9 (save the file as UTF-8)'],
    ],
  ];
  for (const [name, bytes, expected] of cases) {
    it(name, () => expect(errorsOf('content/a.txt', bytes)).toEqual(expected));
  }

  it('reports every error of a file at once', () => {
    const bytes = contentFile({ titel: 'T', date: 'yesterday' }, 'Body');
    expect(errorsOf('content/a.txt', bytes)).toEqual([
      'content/a.txt:2: unknown front-matter key "titel" (did you mean "title"?); known keys: title, date, updated, author, lang, summary, tags, source, id',
      'content/a.txt:1: title is required and must not be empty',
      'content/a.txt:3: date: "yesterday" is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ)',
    ]);
  });

  it.each(['My Article.md', 'a--b.md', 'a_-b.md', '-a.md', 'a_.md', 'عنوان.md'])('refuses the file name %s, saying what a slug is', (name) => {
    expect(errorsOf(`content/${name}`, contentFile(valid, 'x'))).toEqual([
      `content/${name}:1: file name "${name}" is not a slug: use lowercase a-z and 0-9, with single hyphens or underscores between them`,
    ]);
  });

  it.each(['a-b.md', 'a_b.md', 'prison-attack_2022.txt', '2022.md'])('accepts the slug of %s', (name) => {
    expect(parseArticle(`content/${name}`, contentFile(valid, 'x')).article.slug).toBe(name.replace(/\.(md|txt)$/, ''));
  });
});

describe('parseArticle: front-matter URLs are published normalised', () => {
  it('publishes the source as its WHATWG href: spaces, quotes and brackets percent-encoded', () => {
    const { article } = parseArticle('content/a.txt', contentFile({ ...valid, source: '"https://Example.org/a b\\"><i>x"' }, 'Body'));
    expect(article.source).toBe('https://example.org/a%20b%22%3E%3Ci%3Ex');
  });

  it.each([
    'tag:example.com,2022:my-article',
    'tag:desk@example.com,2022-01-21:a/b?c',
    'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    'https://example.org/a?b=1',
  ])('takes %s as an id, as written', (id) => {
    expect(parseArticle('content/a.txt', contentFile({ ...valid, id }, 'Body')).article.id).toBe(id);
  });
});

describe('parseArticle: bidirectional controls left open are reported', () => {
  const RLO = '\u202E';
  const warningsOf = (fields: Record<string, string>, body: string) => parseArticle('content/a.txt', contentFile({ ...valid, ...fields }, body)).warnings;
  const NEVER_CLOSED =
    'U+202E RIGHT-TO-LEFT OVERRIDE that is never closed, which reorders all the text after it: close it with U+202C POP DIRECTIONAL FORMATTING or remove it';

  it('in front-matter text, at the line of its key', () => {
    expect(warningsOf({ title: `"${RLO}evil"`, author: `"a${RLO}"`, tags: `["ok", "t${RLO}"]` }, 'Body.')).toEqual([
      { file: 'content/a.txt', line: 2, message: `"title" has a ${NEVER_CLOSED}` },
      { file: 'content/a.txt', line: 5, message: `"author" has a ${NEVER_CLOSED}` },
      { file: 'content/a.txt', line: 6, message: `"tags" has a ${NEVER_CLOSED}` },
    ]);
  });

  it('in the body, at its line', () => {
    expect(warningsOf({}, `Fine.\nA ${RLO}trap.\nA stray \u2069 too.`)).toEqual([
      { file: 'content/a.txt', line: 7, message: `line has a ${NEVER_CLOSED}` },
      { file: 'content/a.txt', line: 8, message: 'line has a U+2069 POP DIRECTIONAL ISOLATE that closes nothing: remove it' },
    ]);
  });

  it.each([
    ['an isolate closed', 'a \u2067عربي\u2069 b'],
    ['an override closed', 'a \u202Eabc\u202C b'],
    ['an embedding closed by the end of its isolate', 'a \u2068x \u202Bembedded\u2069 b'],
    ['nested isolates', '\u2066a \u2067b \u2068c\u2069\u2069\u2069'],
  ])('not when balanced: %s', (_, line) => {
    expect(warningsOf({ title: JSON.stringify(line) }, line)).toEqual([]);
  });
});

describe('parseArticle: nesting is bounded before marked and htmlparser2 see it', () => {
  const md = (body: string) => errorsOf('content/a.md', contentFile(valid, body));
  const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item`).join('\n');
  const embed = (inner: string) => `<blockquote class="twitter-tweet"><p>${inner}</p>&mdash; Jane (@jane) January 21, 2022</blockquote>`;
  const LISTS = 'block quotes and lists nested more than 32 levels deep; at most 32 levels are allowed';
  const EMPHASIS = 'emphasis (*, _ or ~) nested more than 32 levels deep; at most 32 levels are allowed';
  const RUNS = 'more than 200 runs of emphasis markers (*, _ or ~) in one paragraph; at most 200 are allowed: escape them (\\*) or split the paragraph';
  const HTML = 'HTML elements nested more than 100 deep; at most 100 are allowed';

  // Each of these overflowed marked's stack or took seconds (1,000 list levels: 14 s here).
  it.each([
    ['5,000 block quotes', `Lead.\n\n${'>'.repeat(5000)} a`, `content/a.md:8: ${LISTS}`],
    ['1,000 indented list levels', `Lead.\n\n${nestedList(1000)}`, `content/a.md:40: ${LISTS}`],
    ['5,000 list markers on one line', `${'- '.repeat(5000)}a`, `content/a.md:6: ${LISTS}`],
    ['block quotes and lists in turn', `${'> - '.repeat(17)}a`, `content/a.md:6: ${LISTS}`],
    ['2,000 nested emphases', `${'*a '.repeat(2000)}b${'*'.repeat(2000)}`, `content/a.md:6: ${EMPHASIS}`],
    ['a run of 5,000 asterisks', `${'*'.repeat(5000)}a${'*'.repeat(5000)}`, `content/a.md:6: ${EMPHASIS}`],
    ['emphasis opened on 40 lines of a paragraph', Array.from({ length: 40 }, () => '_a').join('\n'), `content/a.md:38: ${EMPHASIS}`],
    ['20,000 underscores inside words', 'a_'.repeat(20000), `content/a.md:6: ${RUNS}`],
    ['200 nested HTML elements', `${'<div>'.repeat(200)}a${'</div>'.repeat(200)}`, `content/a.md:6: ${HTML}`],
    ['20,000 elements deep in an embedded tweet', embed(`${'<b>'.repeat(20000)}Hi`), `content/a.md:6: ${HTML}`],
    ['200 levels of inline HTML in a paragraph', `Text ${'<b>'.repeat(200)}bold`, `content/a.md:6: ${HTML}`],
  ])('refuses %s', (_, body, error) => {
    expect(md(body)).toEqual([error]);
  });

  it.each([
    ['32 list levels', nestedList(32)],
    ['32 block quotes', `${'>'.repeat(32)} a`],
    ['a long thematic break', '* '.repeat(100)],
    ['100 emphasized words in a paragraph', '*a* '.repeat(100)],
    ['200 emphasis markers in each of many paragraphs', '*a* '.repeat(100).concat('\n\n').repeat(20)],
    ['a fenced code block full of asterisks', `\`\`\`\n${'a*b '.repeat(1000)}\n\`\`\``],
    ['an HTML block with underscores in its attributes', `<div>${'<a href="/a_b_c">x</a>'.repeat(100)}</div>`],
    ['a list item that opens emphasis, and the next', '- *a\n- *b\n'.repeat(40)],
  ])('accepts %s', (_, body) => {
    expect(() => parseArticle('content/a.md', contentFile(valid, body))).not.toThrow();
  });
});

describe('parseArticle: suspicious input is cleaned and reported', () => {
  it('removes control characters, with a warning naming the line', () => {
    const { article, warnings } = parseArticle('content/a.txt', contentFile(valid, 'First.\nSec\u0007ond.\u0000'));
    expect(warnings).toEqual([{ file: 'content/a.txt', line: 7, message: 'removed control character U+0007 (not allowed in XML)' }]);
    expect(article.blocks).toEqual([
      { type: 'paragraph', text: 'First.', line: 6 },
      { type: 'paragraph', text: 'Second.', line: 7 },
    ]);
  });

  it('removes control characters that HTML entities bring back, so a feed entry never holds one', () => {
    const embed = '<blockquote class="twitter-tweet"><p>Hi &#x1F;there</p>&mdash; Ja&#1;ne (@jane) January 21, 2022</blockquote>';
    const { article, warnings } = parseArticle('content/a.md', contentFile(valid, `a &#1; b\n\n${embed}`));
    expect(warnings).toEqual([
      { file: 'content/a.md', line: 6, message: 'removed control character U+0001 (not allowed in XML)' },
      { file: 'content/a.md', line: 8, message: 'removed control character U+001F (not allowed in XML)' },
    ]);
    expect(article.blocks[0]).toEqual({ type: 'html', html: ['<p>a  b</p>'], text: 'a  b', line: 6 });
    expect(article.blocks[1]).toMatchObject({ type: 'tweet', tweet: { text: 'Hi there', authorName: 'Jane' }, line: 8 });
    expect(() => prerenderEntries(makeContent([article]), { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 })).not.toThrow();
  });

  it('sanitizes script and event handlers in Markdown, with a warning', () => {
    const body = 'Intro paragraph.\n\n<div onclick="steal()">kept <script>alert(1)</script>text</div>\n\n[x](javascript:alert(1))';
    const { article, warnings } = parseArticle('content/a.md', contentFile(valid, body));
    expect(warnings).toEqual([
      { file: 'content/a.md', line: 8, message: 'removed unsafe HTML: onclick= handler, <script>' },
      { file: 'content/a.md', line: 10, message: 'removed unsafe HTML: javascript: URL' },
    ]);
    expect(article.blocks).toEqual([
      { type: 'html', html: ['<p>Intro paragraph.</p>'], text: 'Intro paragraph.', line: 6 },
      { type: 'html', html: ['<div>kept text</div>'], text: 'kept text', line: 8 },
      { type: 'html', html: ['<p><a>x</a></p>'], text: 'x', line: 10 },
    ]);
  });

  // The warnings are what sanitize-html removed (its hooks), not what a second scanner guessed.
  it.each([
    ['a scheme split by a tab reference', '<a href="jav&#x09;ascript:alert(1)">x</a>', 'javascript: URL'],
    ['a scheme split by a newline reference', '<a href="java&NewLine;script:alert(1)">x</a>', 'javascript: URL'],
    ['a scheme after spaces', '<a href="  JavaScript:alert(1)">x</a>', 'javascript: URL'],
    ['a scheme split by a comment', '<a href="java<!-- -->script:alert(1)">x</a>', 'javascript: URL'],
    ['a protocol-relative URL', '<a href="//evil.example/">x</a>', 'protocol-relative URL'],
    ['a backslash URL', '<a href="\\\\evil.example/">x</a>', 'protocol-relative URL'],
    ['a cite on blockquote', '<blockquote cite="javascript:alert(1)">q</blockquote>', 'javascript: URL'],
    ['a cite on q', 'A <q cite="vbscript:msgbox(1)">quote</q>.', 'vbscript: URL'],
    ['an image from data:', '<img src="data:image/svg+xml,x" alt="x">', 'data: URL'],
    ['a Markdown link to javascript:', '[x](javascript:alert(1))', 'javascript: URL'],
    ['a handler and an inline style', '<p onmouseover="x()" style="color:red">t</p>', 'onmouseover= handler, style attribute'],
    ['a form and its action', '<form action="javascript:x()"><input value="v">Text</form>', '<form>, javascript: URL, <input>'],
  ])('warns when it removes %s', (_, body, what) => {
    expect(parseArticle('content/a.md', contentFile(valid, body)).warnings).toEqual([
      { file: 'content/a.md', line: 6, message: `removed unsafe HTML: ${what}` },
    ]);
  });

  it('drops harmless attributes (class, data-*, an id outside links) without a warning, and keeps safe links', () => {
    const body =
      '<div class="x" data-y="z" id="i"><a href="https://example.org/" title="t">a</a> <a href="/about">b</a> <a href="mailto:a@example.org">c</a></div>';
    const { article, warnings } = parseArticle('content/a.md', contentFile(valid, body));
    expect(warnings).toEqual([]);
    expect(article.blocks).toEqual([
      {
        type: 'html',
        html: [
          '<div><a href="https://example.org/" title="t">a</a> <a href="',
          { relativeUrl: '/about' },
          '">b</a> <a href="mailto:a@example.org">c</a></div>',
        ],
        text: 'a b c',
        line: 6,
      },
    ]);
  });

  it('warns about scripts and handlers inside an embedded tweet, and keeps their text out of the quote', () => {
    const embed =
      '<blockquote class="twitter-tweet" onclick="x()"><p lang="en">Hello <script>alert(1)</script>world</p>&mdash; Jane (@jane) ' +
      '<a href="https://twitter.com/jane/status/1484561839458828291">January 21, 2022</a><script>steal()</script></blockquote>';
    const { article, warnings } = parseArticle('content/a.md', contentFile(valid, embed));
    expect(warnings).toEqual([{ file: 'content/a.md', line: 6, message: 'removed unsafe HTML from the embedded tweet: onclick= handler, <script>' }]);
    expect(article.blocks).toMatchObject([{ type: 'tweet', tweet: { text: 'Hello world', date: '2022-01-21' }, line: 6 }]);
  });

  it('renders Markdown with its line numbers and a derived summary', () => {
    const body = '## Heading\n\nA *paragraph* with [a link](https://example.com/a?b=1&c=2).\n\n- one\n- two';
    const { article, warnings } = parseArticle('content/a.md', contentFile({ ...valid, lang: 'en' }, body));
    expect(warnings).toEqual([]);
    expect(article.blocks).toEqual([
      { type: 'html', html: ['<h2>Heading</h2>'], text: 'Heading', line: 6 },
      {
        type: 'html',
        html: ['<p>A <em>paragraph</em> with <a href="https://example.com/a?b=1&amp;c=2">a link</a>.</p>'],
        text: 'A paragraph with a link.',
        line: 8,
      },
      { type: 'html', html: ['<ul>\n<li>one</li>\n<li>two</li>\n</ul>'], text: '• one\n• two', line: 10 },
    ]);
    expect(article.summary).toBe('A paragraph with a link.');
  });

  it('keeps CRLF files line-accurate and strips a BOM', () => {
    const text = '\uFEFF---\r\ntitle: T\r\ndate: 2022-01-21T10:30:00+03:00\r\n---\r\nOne.\r\n\r\nTwo.';
    const { article } = parseArticle('content/a.txt', new TextEncoder().encode(text));
    expect(article.date).toBe('2022-01-21T07:30:00Z');
    expect(article.blocks).toEqual([
      { type: 'paragraph', text: 'One.', line: 5 },
      { type: 'paragraph', text: 'Two.', line: 7 },
    ]);
  });
});

describe('isSubheading', () => {
  it.each([
    ['"قسد" تسيطر على سجن غويران', true],
    ['The attack in numbers', true],
    ['وقال شاهد عيان: إن "طائرات عسكرية ظهرت".', false],
    ['A line that ends a sentence.', false],
    ['قال: "نعم."', false],
    ['— Hanzala (@Hanzpal2) January 21, 2022', false],
    ['see https://example.com', false],
  ])('%s → %s', (line, expected) => expect(isSubheading(line)).toBe(expected));
});

describe('parseDate', () => {
  it.each([
    ['2022-01-21', '2022-01-21T00:00:00Z'],
    ['2022-01-21T10:00:00Z', '2022-01-21T10:00:00Z'],
    ['2022-01-21T10:00Z', '2022-01-21T10:00:00Z'],
    ['2022-01-21 10:00:00.250+02:00', '2022-01-21T08:00:00.250Z'],
    ['2024-02-29', '2024-02-29T00:00:00Z'],
  ])('%s → %s', (input, iso) => expect(parseDate(input)).toEqual({ iso }));
  it('refuses Feb 29 of a common year', () => expect(parseDate('2023-02-29')).toEqual({ error: '"2023-02-29" is not a real date' }));

  // Date.UTC takes years 0–99 for 1900–1999; feeds carry four-digit years only.
  it.each([
    ['0022-01-21', '0022-01-21T00:00:00Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z'],
    ['0004-02-29', '0004-02-29T00:00:00Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59Z'],
    ['9999-12-31T23:59:59+14:00', '9999-12-31T09:59:59Z'],
    ['2022-01-21T10:00:00-23:59', '2022-01-22T09:59:00Z'],
  ])('keeps the year of %s as written', (input, iso) => expect(parseDate(input)).toEqual({ iso }));

  it.each([
    ['0000-01-01', '"0000-01-01" is outside the years 0001–9999 in UTC, the only years every feed format can carry'],
    ['0001-01-01T00:00:00+01:00', '"0001-01-01T00:00:00+01:00" is outside the years 0001–9999 in UTC, the only years every feed format can carry'],
    ['9999-12-31T23:59:59-14:00', '"9999-12-31T23:59:59-14:00" is outside the years 0001–9999 in UTC, the only years every feed format can carry'],
    ['2022-01-21T10:00:00+99:99', '"2022-01-21T10:00:00+99:99" has an offset beyond ±23:59'],
    ['2022-01-21T10:00:00-24:00', '"2022-01-21T10:00:00-24:00" has an offset beyond ±23:59'],
    ['0100-02-29', '"0100-02-29" is not a real date'],
  ])('refuses %s', (input, error) => expect(parseDate(input)).toEqual({ error }));
});

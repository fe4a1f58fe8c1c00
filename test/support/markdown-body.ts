import fc from 'fast-check';

// Markdown bodies for property tests: links of every kind (relative, fragment, absolute, images,
// raw HTML with href/src/cite), text and code that only look like links, embedded tweets in both
// forms, and short runs of the characters that markup and the feed formats escape.

const EMBED =
  '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Breakout at <a href="https://twitter.com/hashtag/Syria">#Syria</a> ' +
  '<a href="https://t.co/AbC123">pic.twitter.com/AbC123</a></p>&mdash; Jane (@jane) <a href="https://twitter.com/jane/status/1484561839458828291">January 21, 2022</a></blockquote>\n' +
  '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>';

const FRAGMENTS = [
  'The attribute href="/about" is written here as text.',
  'Code that shows a link: `<a href="/x">x</a>` and `src="y.png"`.',
  '```\n<a href="/fenced">fenced</a> cite="/c"\n```',
  'A text cite="before" [a real link](/real).',
  '[relative](/about?a=1&b=2), [fragment](#notes), [sibling](other.html) and [up](../up)',
  '[absolute](https://example.org/a?b=1) and [mail](mailto:desk@example.org)',
  '![image](pic.png) ![absolute image](https://example.org/i.png)',
  '<p><a href="/raw">raw HTML</a> <img src="img/a.png" alt="a"></p>',
  '<blockquote cite="/source">quoted</blockquote>',
  'A <q cite="q.html">short quote</q>, then <a href="">empty</a>.',
  'Prose with & < > " \' ]]> characters.',
  'نص عربي مع [رابط](/ar/مقال) و<a href="/ar?q=نشرة">رابط آخر</a>.',
  EMBED,
  'Witnesses shared the photo pic.twitter.com/AbCdEf1234\n— Omar (@omar_k) January 21, 2022',
];

const TOKENS = ['href="', 'src="', 'cite="', '/x', 'y.png', '#f', '"', '<a ', '<img ', '>', '</a>', '`', ' ', 'a', 'ب', '[', '](', ')', '&', '\n'];

/** A Markdown body of 1–6 blocks: known fragments, and runs of link-like tokens. */
export const markdownBody = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 }).map((t) => t.join('')),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((blocks) => blocks.join('\n\n'));

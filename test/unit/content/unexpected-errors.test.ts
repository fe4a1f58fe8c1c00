import { describe, expect, it, vi } from 'vitest';
import { compileFiles } from '../../../src/content/compile-content';
import { ContentError } from '../../../src/content/diagnostics';
import { contentFile } from '../../support/make-article';

// A bug in nashra, or in a library, must not end the build with a stack trace and no file name:
// it is reported against the file, at the block being compiled, and every other file is still read.
// Reading embeds is made to throw here, as a status id of 23 digits once did (RangeError).
vi.mock('../../../src/citations/parse-embed', async (original) => ({
  ...(await original<typeof import('../../../src/citations/parse-embed')>()),
  parseEmbedTweet: () => {
    throw new RangeError('Invalid time value');
  },
}));

describe('an unexpected exception while compiling a file', () => {
  it('becomes an error of that file at the line being compiled, and the other files are still reported', () => {
    const embed = '<blockquote class="twitter-tweet"><p>Hi</p>&mdash; Jane (@jane) January 21, 2022</blockquote>';
    const files = [
      { path: 'content/a.md', bytes: contentFile({ title: 'A', date: '2022-01-21' }, `Lead.\n\n${embed}`) },
      { path: 'content/b.md', bytes: contentFile({ date: '2022-01-21' }, 'No title.') },
      { path: 'content/c.txt', bytes: contentFile({ title: 'C', date: '2022-01-21' }, 'Fine.') },
    ];
    let error: unknown;
    try {
      compileFiles(files);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).message.split('\n')).toEqual([
      'content/a.md:7: could not be compiled: RangeError: Invalid time value (a bug in nashra: please report it with this file)',
      'content/b.md:1: title is required and must not be empty',
    ]);
  });
});

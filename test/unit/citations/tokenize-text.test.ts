import { describe, expect, it } from 'vitest';
import { mediaLinks, tokenizeText } from '../../../src/citations/tokenize-text';

describe('tokenizeText', () => {
  it('splits text into runs and the things Twitter links', () => {
    expect(tokenizeText('Hi @Ann_1, see https://example.org/a?b=1. #ٱلْحَسَكَة pic.twitter.com/AbC1\nt.co/Xy9')).toEqual([
      { type: 'text', raw: 'Hi ' },
      { type: 'mention', raw: '@Ann_1', handle: 'Ann_1' },
      { type: 'text', raw: ', see ' },
      { type: 'link', raw: 'https://example.org/a?b=1', url: 'https://example.org/a?b=1' },
      { type: 'text', raw: '. ' },
      { type: 'hashtag', raw: '#ٱلْحَسَكَة', tag: 'ٱلْحَسَكَة' },
      { type: 'text', raw: ' ' },
      { type: 'media', raw: 'pic.twitter.com/AbC1', url: 'https://t.co/AbC1' },
      { type: 'text', raw: '\n' },
      { type: 'media', raw: 't.co/Xy9', url: 'https://t.co/Xy9' },
    ]);
  });

  it('leaves alone what Twitter does not link', () => {
    const text = 'mail me@example.org, #1 in line, &#8212;, @waytoolonghandle16, about.t.co/x, https://';
    expect(tokenizeText(text)).toEqual([{ type: 'text', raw: text }]);
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(tokenizeText('(https://en.wikipedia.org/wiki/Al-Hasakah_(city))').map((t) => t.raw)).toEqual([
      '(',
      'https://en.wikipedia.org/wiki/Al-Hasakah_(city)',
      ')',
    ]);
    expect(tokenizeText('(see https://example.org/x)').map((t) => t.raw)).toEqual(['(see ', 'https://example.org/x', ')']);
  });

  it('treats https pic.twitter.com and t.co links as media', () => {
    expect(mediaLinks('https://pic.twitter.com/A1 http://t.co/B2 https://t.co/B2 https://twitter.com/x/status/1 #a #a @b')).toEqual([
      'https://t.co/A1',
      'https://t.co/B2',
    ]);
  });
});

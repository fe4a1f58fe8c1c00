import { DomUtils, parseDocument } from 'htmlparser2';
import type { Tweet } from '../../src/model';

/** A fresh tweet per call; tests override only what they are about. */
export function makeTweet(overrides: Partial<Tweet> = {}): Tweet {
  return {
    text: 'Hello world',
    authorName: 'Jane Doe',
    handle: 'jane_doe',
    date: '2022-01-21',
    time: null,
    statusUrl: null,
    media: [],
    lang: 'en',
    dir: 'ltr',
    ...overrides,
  };
}

/** What a reader sees of the quote: the <p>'s text with tags stripped and entities decoded. */
export function visibleQuote(html: string): string {
  const p = DomUtils.findOne((el) => el.name === 'p', parseDocument(html).children);
  if (!p) throw new Error(`no <p> in ${html}`);
  return DomUtils.textContent(p);
}

export const LRI = '\u2066';
export const RLI = '\u2067';
export const FSI = '\u2068';
export const PDI = '\u2069';

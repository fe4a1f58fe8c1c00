import { describe, expect, it } from 'vitest';
import { readTweetDate, splitAttribution } from '../../../src/citations/parse-attribution';

describe('readTweetDate', () => {
  it.each([
    ['January 21, 2022', '2022-01-21'],
    ['january 21 2022', '2022-01-21'],
    ['Jan. 21, 2022', '2022-01-21'],
    ['21 January 2022', '2022-01-21'],
    ['29 February 2024', '2024-02-29'],
    ['٢١ يناير ٢٠٢٢', '2022-01-21'],
    ['21 يناير، 2022', '2022-01-21'],
    ['\u200f21 يناير 2022\u200f', '2022-01-21'],
    ['۲۱ فبراير ۲۰۲۲', '2022-02-21'],
    ['7 أغسطس 2022', '2022-08-07'],
    ['7 آب 2022', '2022-08-07'],
    ['12 يوليه 2015', '2015-07-12'],
    ['٢٥ كانون الأول ٢٠٢١', '2021-12-25'],
    ['1 تشرين الثاني 2020', '2020-11-01'],
    ['9 أيلول 2019', '2019-09-09'],
    ['January 21, 0022', '0022-01-21'],
    ['29 February 0096', '0096-02-29'],
  ])('reads %s', (written, iso) => {
    expect(readTweetDate(written)).toBe(iso);
  });

  it.each([
    '',
    '2022-01-21',
    'Janvier 21, 2022',
    '29 February 2023',
    '32 January 2022',
    'January 21, 22',
    '21 يناير',
    'January 21, 2022 via web',
    '1 January 0000',
    '29 February 0100',
  ])('rejects %j', (written) => {
    expect(readTweetDate(written)).toBeNull();
  });
});

describe('splitAttribution', () => {
  it('splits a line that starts with the dash', () => {
    expect(splitAttribution('— Name (x) (@handle) January 21, 2022')).toEqual({
      before: '',
      name: 'Name (x)',
      handle: 'handle',
      dateText: 'January 21, 2022',
    });
  });

  it('splits the glued form at the last dash before the handle', () => {
    expect(splitAttribution('a — b pic.twitter.com/x—Name (@h) Jan 1, 2020')).toEqual({
      before: 'a — b pic.twitter.com/x',
      name: 'Name',
      handle: 'h',
      dateText: 'Jan 1, 2020',
    });
  });

  it('ignores lines without a dash or without (@…)', () => {
    expect(splitAttribution('Name (@handle) January 21, 2022')).toBeNull();
    expect(splitAttribution('— Name (handle) January 21, 2022')).toBeNull();
  });

  it('does not take prose longer than a Twitter name for a glued name', () => {
    expect(splitAttribution(`text — ${'word '.repeat(11)}(@h) Jan 1, 2020`)).toBeNull();
  });
});

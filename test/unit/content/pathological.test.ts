import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFiles } from '../../../src/content/compile-content';
import { ContentError } from '../../../src/content/diagnostics';
import { prerenderEntries } from '../../../src/feeds/prerender-entries';

// Pathological inputs, kept as marked keeps its test/specs/redos/: each module in the folder builds
// a content file (named after it) that took seconds, overflowed a stack or crashed. Compiled as
// `npm run compile` does, feed entries written ahead included, each must finish within the bound:
// 2 s, for inputs that take at most 0.5 s alone and took 2.7-12 s before, or crashed. Generous on
// purpose: on a shared machine with two cores, one that took 0.3 s alone took 1.6 s in the full suite.
const DIR = 'test/fixtures/pathological';
const BOUND_MS = 2000;

describe.each(readdirSync(DIR).filter((name) => name.endsWith('.ts')))('%s', (name) => {
  it(`compiles within ${BOUND_MS} ms, to an article or to errors that name the problem`, async () => {
    const { default: text } = (await import(/* @vite-ignore */ `../../fixtures/pathological/${name}`)) as { default: string };
    const bytes = new TextEncoder().encode(text);
    const started = performance.now();
    let errors: string[] = [];
    try {
      const { articles } = compileFiles([{ path: `content/${name.replace(/\.ts$/, '')}`, bytes }]);
      prerenderEntries({ articles, bytes: new Uint8Array(0) }, { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 });
    } catch (e) {
      if (!(e instanceof ContentError)) throw e;
      errors = e.diagnostics.map((d) => d.message);
    }
    const ms = performance.now() - started;
    expect(errors.filter((message) => message.startsWith('could not be compiled'))).toEqual([]);
    expect(ms).toBeLessThan(BOUND_MS);
  }, 120_000);
});

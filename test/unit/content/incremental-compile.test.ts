import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentFile } from '../../support/make-article';

// `npm run compile` keeps what it compiled (the compile cache) and redoes only what changed; its
// output must be byte for byte what a clean compile writes, whatever happened to the cache.

const TAGS = ['سوريا', 'الحسكة', 'news', 'العراق'];
const article = (i: number, body = `نص المقال رقم ${i}.\n\nفقرة ثانية.`) =>
  contentFile(
    {
      title: `"مقال ${i}"`,
      date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
      tags: `["${TAGS[i % 4]}", "${TAGS[(i + 1) % 4]}"]`,
      lang: i % 5 ? 'ar' : 'en',
    },
    body,
  );

function project(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'nashra-incremental-'));
  mkdirSync(join(dir, 'content'));
  for (let i = 0; i < count; i++) writeFileSync(join(dir, 'content', `a-${i}.md`), article(i));
  return dir;
}

function compile(dir: string, out: string, cache: string, ...extra: string[]) {
  const run = spawnSync(
    'npx',
    ['tsx', 'scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', join(dir, out, 'content.ts'), '--cache', join(dir, cache), ...extra],
    { encoding: 'utf8', env: { ...process.env, CLOUDFLARE_ENV: '' } },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run;
}

/** Every file a compile wrote under `dir/out`, by path, as a hash of its bytes. */
function snapshot(dir: string, out: string): Record<string, string> {
  const root = join(dir, out);
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort()
      .map((f) => [relative(root, f), createHash('sha256').update(readFileSync(f)).digest('hex')]),
  );
}

describe('incremental compile', () => {
  it('compiles only what changed, and writes exactly what a clean compile writes', () => {
    const dir = project(40);
    compile(dir, 'out', 'cache');
    writeFileSync(join(dir, 'content/a-3.md'), article(3, 'نص جديد.'));
    writeFileSync(join(dir, 'content/a-99.md'), article(99));
    rmSync(join(dir, 'content/a-7.md'));
    const again = compile(dir, 'out', 'cache');
    expect(again.stdout).toMatch(/compiled 40 article\(s\), 2 compiled anew/);
    compile(dir, 'clean', 'fresh-cache');
    expect(snapshot(dir, 'out')).toEqual(snapshot(dir, 'clean'));
    // Nothing changed: nothing compiled, nothing written.
    expect(compile(dir, 'out', 'cache').stdout).toMatch(/0 compiled anew/);
  }, 60_000);

  it('never uses a damaged cache: a truncated object or index is compiled again', () => {
    const dir = project(30);
    compile(dir, 'out', 'cache');
    // Every cached object cut short; one article changed, so its pack (all 30 share one) is
    // written again from the other 29 cached objects.
    const objects = join(dir, 'cache/objects');
    for (const e of readdirSync(objects, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const object = join(e.parentPath, e.name);
      writeFileSync(object, readFileSync(object).subarray(0, 20));
    }
    writeFileSync(join(dir, 'content/a-0.md'), article(0, 'نص جديد.'));
    expect(compile(dir, 'out', 'cache').stderr).toContain("nashra: warning: the compile cache's entry");
    for (const index of readdirSync(join(dir, 'cache')).filter((f) => f.startsWith('index-'))) writeFileSync(join(dir, 'cache', index), '{"truncated');
    compile(dir, 'out', 'cache');
    compile(dir, 'clean', 'fresh-cache');
    expect(snapshot(dir, 'out')).toEqual(snapshot(dir, 'clean'));
  }, 60_000);

  it('gives the same output on one thread as on several', () => {
    const dir = project(260);
    compile(dir, 'one', 'cache-1', '--threads', '1');
    compile(dir, 'two', 'cache-2', '--threads', '2');
    expect(snapshot(dir, 'two')).toEqual(snapshot(dir, 'one'));
  }, 60_000);
});

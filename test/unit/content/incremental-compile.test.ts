import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
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
  return compileWith(process.cwd(), dir, out, cache, ...extra);
}

/** The same with the compiler (src/, scripts/, wrangler.toml) of the project at `code`. */
function compileWith(code: string, dir: string, out: string, cache: string, ...extra: string[]) {
  const run = spawnSync(
    'npx',
    ['tsx', 'scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', join(dir, out, 'content.ts'), '--cache', join(dir, cache), ...extra],
    { encoding: 'utf8', cwd: code, env: { ...process.env, CLOUDFLARE_ENV: '' } },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return run;
}

/** A copy of the compiler (src/, scripts/, the package and its lock, wrangler.toml), to change. */
function compilerCopy(): string {
  const code = mkdtempSync(join(tmpdir(), 'nashra-code-'));
  for (const part of ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'wrangler.toml'])
    cpSync(part, join(code, part), { recursive: true });
  symlinkSync(resolve('node_modules'), join(code, 'node_modules'));
  return code;
}

/** Changes `from` to `to` in the copy's `file`, which must hold it. */
function change(code: string, file: string, from: string, to: string) {
  const path = join(code, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

/** What a compile with the cache kept wrote is what a clean compile writes, with no warning on the way. */
function expectClean(dir: string, compiled: ReturnType<typeof compile>) {
  expect(compiled.stderr).not.toContain('warning');
  rmSync(join(dir, 'clean'), { recursive: true, force: true });
  rmSync(join(dir, 'fresh-cache'), { recursive: true, force: true });
  compile(dir, 'clean', 'fresh-cache');
  expect(snapshot(dir, 'out')).toEqual(snapshot(dir, 'clean'));
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

  // The plan's outline is kept while no head changed (scripts/lib/archive-outline.ts): every change
  // that makes another plan must make it again. Each change is one a kept outline would get wrong.
  it('plans again when a head changes, a file is renamed, deleted or added, and not for a body', () => {
    const dir = project(12);
    compile(dir, 'out', 'cache');
    const edit = (name: string, from: string | RegExp, to: string) => {
      const path = join(dir, 'content', name);
      const text = readFileSync(path, 'utf8');
      expect(text).toMatch(from);
      writeFileSync(path, text.replace(from, to));
    };
    // A body: the plan is kept, and what it wrote still holds.
    edit('a-5.md', 'فقرة ثانية.', 'فقرة ثانية، أطول قليلًا.');
    expectClean(dir, compile(dir, 'out', 'cache'));
    // A title (the list pages show it), a date (the order), a tag (a feed, and its count).
    edit('a-5.md', '"مقال 5"', '"عنوان جديد"');
    expectClean(dir, compile(dir, 'out', 'cache'));
    edit('a-6.md', /date: .*/, 'date: 2030-05-05');
    expectClean(dir, compile(dir, 'out', 'cache'));
    edit('a-7.md', /tags: .*/, 'tags: ["جديد"]');
    expectClean(dir, compile(dir, 'out', 'cache'));
    // A rename (the slug is the file's name), a deletion, an addition.
    renameSync(join(dir, 'content/a-8.md'), join(dir, 'content/renamed.md'));
    expectClean(dir, compile(dir, 'out', 'cache'));
    rmSync(join(dir, 'content/a-9.md'));
    expectClean(dir, compile(dir, 'out', 'cache'));
    writeFileSync(join(dir, 'content/a-40.md'), article(40));
    expectClean(dir, compile(dir, 'out', 'cache'));
  }, 180_000);

  it('plans again when the code changes, though every head is the same', () => {
    // A copy of the compiler, then changed to put 3 articles on a list page, not 50: the same heads make other pages.
    const code = compilerCopy();
    const dir = project(12);
    compileWith(code, dir, 'out', 'cache');
    const before = snapshot(dir, 'out');
    change(code, 'src/urls.ts', 'export const PAGE_SIZE = 50;', 'export const PAGE_SIZE = 3;');
    compileWith(code, dir, 'out', 'cache');
    compileWith(code, dir, 'clean', 'fresh-cache');
    expect(snapshot(dir, 'out')).toEqual(snapshot(dir, 'clean'));
    expect(snapshot(dir, 'out')).not.toEqual(before);
  }, 120_000);

  it('compiles every file again when the locked dependencies change, and rewrites every pack when the way packs are written does', () => {
    const code = compilerCopy();
    const dir = project(12);
    compileWith(code, dir, 'out', 'cache');
    // marked, sanitize-html and the rest parse the content: another version may parse it otherwise.
    change(code, 'package-lock.json', '"lockfileVersion"', '"lockfileVersion" ');
    // Every file compiled again: the summary names no count compiled anew.
    expect(compileWith(code, dir, 'out', 'cache').stdout).toMatch(/compiled 12 article\(s\), version/);
    // The same objects in packs of another format: the article packs too are written again.
    change(code, 'src/store/pack.ts', "encode('NASHRA-PACK-1\\n')", "encode('NASHRA-PACK-9\\n')");
    compileWith(code, dir, 'out', 'cache');
    compileWith(code, dir, 'clean', 'fresh-cache');
    expect(snapshot(dir, 'out')).toEqual(snapshot(dir, 'clean'));
    const articles = readdirSync(join(dir, 'out/store/articles'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const e of articles) expect(readFileSync(join(e.parentPath, e.name)).subarray(0, 13).toString()).toBe('NASHRA-PACK-9');
  }, 120_000);

  it('reads a file again when its bytes change though its size and modification time do not', () => {
    const dir = project(6);
    const file = join(dir, 'content/a-2.md');
    // A file changed in the last 3 seconds is always read (its times may not have ticked yet):
    // let them pass, so that the compile keeps the file's size and times and trusts them next time.
    const time = 1_700_000_000;
    utimesSync(file, time, time);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500);
    compile(dir, 'out', 'cache');
    const before = statSync(file);
    // As a tool that sets times back, or a clock set back, would leave it: same size, same mtime.
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('فقرة ثانية.');
    writeFileSync(file, text.replace('فقرة ثانية.', 'فقرة ثالثة.'));
    utimesSync(file, time, time);
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const again = compile(dir, 'out', 'cache');
    expect(again.stdout).toMatch(/1 compiled anew/);
    expectClean(dir, again);
  }, 60_000);

  it('rewrites every pack a build that stopped was writing, so that a revert gives what a clean compile writes', () => {
    const dir = project(30);
    const original = readFileSync(join(dir, 'content/a-3.md'), 'utf8');
    compile(dir, 'out', 'cache');
    // An edit, and a build that stops in the middle of its packs: the article pack is written, the
    // feed packs cannot be (a folder where each file is).
    writeFileSync(join(dir, 'content/a-3.md'), article(3, 'نص جديد.'));
    const feeds = join(dir, 'out/store/feeds');
    const packs = readdirSync(feeds, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(packs.length).toBeGreaterThan(0);
    for (const e of packs) {
      rmSync(join(e.parentPath, e.name));
      mkdirSync(join(e.parentPath, e.name, 'in-the-way'), { recursive: true });
    }
    expect(() => compile(dir, 'out', 'cache')).toThrow();
    for (const e of packs) rmSync(join(e.parentPath, e.name), { recursive: true });
    // The edit taken back: every pack must hold the original again.
    writeFileSync(join(dir, 'content/a-3.md'), original);
    expectClean(dir, compile(dir, 'out', 'cache'));
  }, 60_000);

  it('reads the index anew past a damaged journal line, rather than appending rows nobody reads', () => {
    const dir = project(8);
    compile(dir, 'out', 'cache');
    writeFileSync(join(dir, 'content/a-1.md'), article(1, 'نص جديد.'));
    compile(dir, 'out', 'cache');
    const journal = readdirSync(join(dir, 'cache')).find((f) => f.startsWith('index-') && f.endsWith('.log'));
    expect(journal).toBeDefined();
    // A line cut short, as a build killed while appending leaves it.
    writeFileSync(join(dir, 'cache', journal!), `${readFileSync(join(dir, 'cache', journal!), 'utf8')}{"a-`);
    writeFileSync(join(dir, 'content/a-2.md'), article(2, 'نص جديد.'));
    compile(dir, 'out', 'cache');
    expect(compile(dir, 'out', 'cache').stdout).toMatch(/0 compiled anew/);
    expectClean(dir, compile(dir, 'out', 'cache'));
  }, 60_000);

  it('removes the temporary files a killed build left in the store', () => {
    const dir = project(6);
    compile(dir, 'out', 'cache');
    const folder = join(dir, 'out/store/articles', readdirSync(join(dir, 'out/store/articles'))[0]!);
    const left = join(folder, '.0.pack.12345.0.tmp');
    writeFileSync(left, 'half a pack');
    utimesSync(left, 1_700_000_000, 1_700_000_000);
    writeFileSync(join(dir, 'content/a-1.md'), article(1, 'نص جديد.'));
    compile(dir, 'out', 'cache');
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('writes the bundle again when content.bin no longer holds it, though nothing changed', () => {
    const dir = project(6);
    compile(dir, 'out', 'cache');
    writeFileSync(join(dir, 'out/content.bin'), 'damaged');
    expectClean(dir, compile(dir, 'out', 'cache'));
  }, 60_000);
});

import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaOf, planArchive } from '../../../src/archive/assemble-archive';
import { compileFiles } from '../../../src/content/compile-content';
import { ContentError } from '../../../src/content/diagnostics';
import { decodeManifest } from '../../../src/store/objects';
import { contentFile } from '../../support/make-article';

const OPTIONS = { siteLang: 'ar', siteAuthor: 'Desk', feedItems: 50 };

/** The manifest a compile wrote into DIR/out. */
const manifestIn = (dir: string) => decodeManifest(new Uint8Array(readFileSync(join(dir, 'out/content.bin'))));

/** Every file under `dir`, relative, sorted. */
function storeFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** What a compile wrote under `dir` (the bundle module, its bytes, the store), by file. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    storeFiles(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );
}
const file = (path: string, fields: Record<string, string>, body = 'Body.') => ({ path, bytes: contentFile(fields, body) });

describe('compiling content files', () => {
  it('compiles every real file in content/ without errors or warnings', () => {
    const files = readdirSync('content').map((name) => ({ path: `content/${name}`, bytes: new Uint8Array(readFileSync(`content/${name}`)) }));
    const { articles, warnings } = compileFiles(files);
    expect(warnings).toEqual([]);
    expect(articles.map((a) => a.slug)).toEqual(files.map((f) => f.path.replace(/^content\/|\.(md|txt)$/g, '')).sort());
  });

  it('orders newest first, ties by slug, whatever the file order', () => {
    const files = [
      file('content/b.md', { title: 'B', date: '2022-01-21' }),
      file('content/c.md', { title: 'C', date: '2023-05-01' }),
      file('content/a.md', { title: 'A', date: '2022-01-21' }),
    ];
    const order = (fs: typeof files) => planArchive(compileFiles(fs).articles.map(metaOf), OPTIONS).order.map((m) => m.slug);
    expect(order(files)).toEqual(['c', 'a', 'b']);
    expect(order([...files].reverse())).toEqual(['c', 'a', 'b']);
  });

  it('refuses two articles with one slug or one id, or two spellings of one tag, naming both files', () => {
    const files = [
      file('content/a.md', { title: 'A', date: '2022-01-21', id: 'urn:x:1', tags: '[Syria]' }),
      file('content/a.txt', { title: 'A2', date: '2022-01-21' }),
      file('content/b.md', { title: 'B', date: '2022-01-21', id: 'urn:x:1', tags: '[syria]' }),
      file('content/d.md', { title: 'D', date: '2022-01-21', tags: '["Cafe\u0301"]' }),
      file('content/e.md', { title: 'E', date: '2022-01-21', tags: '["Café"]' }),
    ];
    expect(() => planArchive(compileFiles(files).articles.map(metaOf), OPTIONS)).toThrow(
      new ContentError([
        { file: 'content/a.txt', line: 1, message: 'slug "a" is already used by content/a.md' },
        { file: 'content/b.md', line: 1, message: 'id "urn:x:1" is already used by content/a.md' },
        { file: 'content/b.md', line: 1, message: 'tag "syria" has the URL of tag "Syria" in content/a.md (/tags/syria/): write it the same way in both' },
        {
          file: 'content/e.md',
          line: 1,
          message: 'tag "Caf\u00e9" has the URL of tag "Cafe\u0301" in content/d.md (/tags/caf%C3%A9/): write it the same way in both',
        },
      ]),
    );
  });

  it('refuses a tag that a URL cannot hold (a path segment of dots)', () => {
    const files = [file('content/a.md', { title: 'A', date: '2022-01-21', tags: '[".", ok]' })];
    expect(() => planArchive(compileFiles(files).articles.map(metaOf), OPTIONS)).toThrow(
      new ContentError([{ file: 'content/a.md', line: 1, message: 'tag "." cannot be a URL: use words' }]),
    );
  });

  it('reports the errors of every file, and a crash of the compiler as an error of its file', () => {
    const files = [file('content/c.md', { date: '2022-01-21' }), file('content/ok.md', { title: 'OK', date: '2022-01-21' })];
    expect(() => compileFiles(files)).toThrow(new ContentError([{ file: 'content/c.md', line: 1, message: 'title is required and must not be empty' }]));
  });
});

describe('npm run compile (the build step)', () => {
  const run = (dir: string) =>
    spawnSync('npx', ['tsx', 'scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', join(dir, 'out/content.ts')], { encoding: 'utf8' });

  it('fails with file:line and writes nothing when a file is bad', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-'));
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content/good.md'), contentFile({ title: 'Good', date: '2022-01-21' }, 'Fine.'));
    writeFileSync(join(dir, 'content/bad.md'), contentFile({ title: 'Bad', date: '2022-13-01' }, 'Broken.'));
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${relative(process.cwd(), join(dir, 'content/bad.md'))}:3: date: "2022-13-01" is not a real date`);
    expect(result.stderr).toContain('nashra: content has 1 error(s); nothing was written');
    expect(existsSync(join(dir, 'out/content.ts'))).toBe(false);
  }, 30_000);

  it('writes the typed module and prints warnings with file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-'));
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content/one.md'), contentFile({ title: 'One', date: '2022-01-21' }, 'Fine.\n\n<script>x()</script>'));
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/one\.md:7: warning: removed unsafe HTML: <script>/);
    expect(result.stdout).toMatch(/nashra: compiled 1 article\(s\), version [0-9a-f]{16}/);
    const module = readFileSync(join(dir, 'out/content.ts'), 'utf8');
    expect(module).toContain('export const manifest: Manifest = decodeManifest(new Uint8Array(data));');
    expect(module).toContain("import data from './content.bin';");
    const manifest = manifestIn(dir);
    expect(manifest.newest.articles.map((a) => a.title)).toEqual(['One']);
    // Its feed entries written ahead (wrangler.toml says SITE_LANG and SITE_AUTHOR), in the bytes beside it.
    expect(manifest.newest.articles[0]!.rendered).toMatchObject({ lang: 'ar', author: 'نشرة' });
    expect(new TextDecoder().decode(manifest.newest.bytes)).toContain('<title>One</title>');
    // The store beside it holds the article, its list pages and feeds, in packs.
    expect(storeFiles(join(dir, 'out/store')).length).toBe(manifest.layout.articles + manifest.layout.lists + manifest.layout.feeds);
  }, 30_000);

  it('reports every entry of content/ it does not compile: subfolders, other files, symlinks out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-'));
    const content = join(dir, 'content');
    mkdirSync(join(content, 'drafts/old'), { recursive: true });
    mkdirSync(join(content, '.git'));
    writeFileSync(join(content, 'good.md'), contentFile({ title: 'Good', date: '2022-01-21' }, 'Fine.'));
    writeFileSync(join(content, 'notes.html'), '<p>notes</p>');
    writeFileSync(join(content, 'Article.MD'), contentFile({ title: 'Upper', date: '2022-01-21' }, 'Fine.'));
    writeFileSync(join(content, '.draft.md'), 'dotfiles are ignored without a word');
    writeFileSync(join(content, '.git/HEAD'), 'ref: refs/heads/main');
    writeFileSync(join(content, 'drafts/next.md'), contentFile({ title: 'Next', date: '2022-01-21' }, 'Fine.'));
    writeFileSync(join(content, 'drafts/old/older.txt'), 'old');
    writeFileSync(join(dir, 'outside.md'), contentFile({ title: 'Outside', date: '2022-01-21' }, 'Fine.'));
    symlinkSync('good.md', join(content, 'alias.md'));
    symlinkSync('../outside.md', join(content, 'leaves.md'));
    symlinkSync('missing.md', join(content, 'dangling.md'));
    const result = run(dir);
    const at = (path: string) => relative(process.cwd(), join(content, path));
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      `${at('Article.MD')}:1: warning: not compiled: articles are .md (Markdown) or .txt (plain-text export) files`,
      `${at('drafts/next.md')}:1: warning: not compiled: files in subfolders of content/ are not read; move it into content/`,
      `${at('drafts/old/older.txt')}:1: warning: not compiled: files in subfolders of content/ are not read; move it into content/`,
      `${at('notes.html')}:1: warning: not compiled: articles are .md (Markdown) or .txt (plain-text export) files`,
      `${at('dangling.md')}:1: symlink to ${at('missing.md')}, which does not exist`,
      `${at('leaves.md')}:1: symlink leads out of content/ (to ${relative(process.cwd(), join(dir, 'outside.md'))}): copy the file into content/ instead`,
      'nashra: content has 2 error(s); nothing was written',
      '',
    ]);
  }, 30_000);

  it('is reproducible: compiling twice gives byte-identical output', () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'nashra-')), mkdtempSync(join(tmpdir(), 'nashra-'))];
    for (const dir of [a, b]) execFileSync('npx', ['tsx', 'scripts/compile-content.ts', '--out', join(dir, 'content.ts')]);
    expect(snapshot(a)).toEqual(snapshot(b));
  }, 30_000);

  it('reads the site configuration from wrangler.toml by the rules of the Worker, for the environment named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-'));
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content/one.md'), contentFile({ title: 'One', date: '2022-01-21' }, 'Fine.'));
    const vars = (lang: string, author: string) =>
      `SITE_TITLE = "t"\nSITE_DESCRIPTION = "d"\nSITE_LANG = "${lang}"\nSITE_AUTHOR = "${author}"\nSITE_URL = "https://example.org/"\nFEED_ITEMS = 5`;
    writeFileSync(join(dir, 'wrangler.toml'), `[vars]\n${vars('ar', 'Top')}\n[env.staging.vars]\n${vars('fr', 'Staging desk')}\n[env.bare]\nname = "x"\n`);
    const compile = (...extra: string[]) =>
      spawnSync(
        'npx',
        [
          'tsx',
          'scripts/compile-content.ts',
          '--content',
          join(dir, 'content'),
          '--out',
          join(dir, 'out/content.ts'),
          '--config',
          join(dir, 'wrangler.toml'),
          ...extra,
        ],
        { encoding: 'utf8', env: { ...process.env, CLOUDFLARE_ENV: '' } },
      );
    const written = () => manifestIn(dir).newest.articles[0]!.rendered;
    expect(compile().status).toBe(0);
    expect(written()).toMatchObject({ lang: 'ar', author: 'Top' });
    expect(compile('--env', 'staging').status).toBe(0);
    expect(written()).toMatchObject({ lang: 'fr', author: 'Staging desk' });
    // Like wrangler, vars are not inherited: an environment without [vars] has none, and fails as the Worker would.
    const bare = compile('--env', 'bare');
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain(
      `nashra: invalid configuration in ${join(dir, 'wrangler.toml')} [env.bare.vars]: SITE_URL is not set; SITE_LANG is not set; SITE_TITLE is not set; SITE_DESCRIPTION is not set; SITE_AUTHOR is not set`,
    );
    expect(bare.stderr).toContain('nashra: nothing was written');
    const missing = compile('--env', 'production');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('there is no [env.production] (named by --env or CLOUDFLARE_ENV)');
  }, 30_000);

  it('fails on a configuration value the Worker would refuse, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-'));
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content/one.md'), contentFile({ title: 'One', date: '2022-01-21' }, 'Fine.'));
    writeFileSync(
      join(dir, 'wrangler.toml'),
      '[vars]\nSITE_TITLE = "t"\nSITE_DESCRIPTION = "d"\nSITE_LANG = "not a tag!"\nSITE_AUTHOR = "a"\nSITE_URL = "https://example.org/"\nFEED_ITEMS = "0"\n',
    );
    const result = spawnSync(
      'npx',
      ['tsx', 'scripts/compile-content.ts', '--content', join(dir, 'content'), '--out', join(dir, 'out/content.ts'), '--config', join(dir, 'wrangler.toml')],
      { encoding: 'utf8', env: { ...process.env, CLOUDFLARE_ENV: '' } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SITE_LANG must be a BCP 47 language tag, got "not a tag!"; FEED_ITEMS must be a whole number from 1 to 10000, got "0"');
    expect(existsSync(join(dir, 'out/content.ts'))).toBe(false);
  }, 30_000);
});

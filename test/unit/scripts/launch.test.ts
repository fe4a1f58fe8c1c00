import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../support/temp-dirs';

// scripts/launch.mjs runs a script from the bundle it built last while the files it was built from
// are unchanged (node_modules/.cache/nashra/launch/).

const tempDir = tempDirs();

/** A project holding the launcher and a script that prints `word`, with esbuild to bundle it. */
function project(word: string) {
  const dir = tempDir('nashra-launch-');
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'node_modules'));
  cpSync('scripts/launch.mjs', join(dir, 'scripts/launch.mjs'));
  symlinkSync(resolve('node_modules/esbuild'), join(dir, 'node_modules/esbuild'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  writeFileSync(join(dir, 'tsconfig.json'), '{}');
  writeFileSync(join(dir, 'scripts/hello.ts'), `const word: string = '${word}';\nconsole.log(word);\n`);
  return dir;
}

const run = (dir: string) => spawnSync('node', ['scripts/launch.mjs', 'scripts/hello.ts'], { cwd: dir, encoding: 'utf8' }).stdout.trim();

describe('the launcher', () => {
  it("runs a copied project's own code, not the bundle of the project it was copied from", () => {
    const first = project('first');
    expect(run(first)).toBe('first');
    const copy = tempDir('nashra-launch-copy-');
    cpSync(first, copy, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(copy, 'scripts/hello.ts'), "const word: string = 'copy';\nconsole.log(word);\n");
    expect(run(copy)).toBe('copy');
    expect(run(first)).toBe('first');
  }, 30_000);

  it('builds again for a file changed to the same size within the second its time was kept to', () => {
    const dir = project('first');
    // As a file system that keeps times to the second leaves them: an edit, the build in that
    // second, another edit of the same size in it too.
    const second = Math.floor(Date.now() / 1000);
    const hello = join(dir, 'scripts/hello.ts');
    utimesSync(hello, second, second);
    expect(run(dir)).toBe('first');
    writeFileSync(hello, "const word: string = 'other';\nconsole.log(word);\n");
    utimesSync(hello, second, second);
    expect(run(dir)).toBe('other');
  }, 30_000);
});

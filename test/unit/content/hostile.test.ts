import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../support/compile';

// Hostile content, as file pairs: each case in test/fixtures/hostile/ is compiled alone, by the
// compile step itself (what `npm run compile` runs), as content/ of a fresh project, and must give
// exactly the diagnostics of test/golden/hostile/<case>.diagnostics. A case is a content file, a
// module that builds one too large to keep (<file>.ts), or a folder that is a whole content/.
// `npx vitest run -u` writes expectations; with CI set, a missing one fails instead.
const DIR = 'test/fixtures/hostile';

describe.each(readdirSync(DIR))('%s', (entry) => {
  const name = entry.replace(/\.ts$/, '');
  it('compiles to exactly its expected diagnostics', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nashra-hostile-'));
    const content = join(root, 'content');
    const source = join(DIR, entry);
    if (statSync(source).isDirectory()) cpSync(source, content, { recursive: true, verbatimSymlinks: true });
    else {
      mkdirSync(content);
      if (entry === name) copyFileSync(source, join(content, name));
      else writeFileSync(join(content, name), ((await import(/* @vite-ignore */ `../../fixtures/hostile/${entry}`)) as { default: string }).default);
    }
    const result = await compileProject(root);
    const diagnostics = [...result.warnings, ...result.errors].map((line) => `${line}\n`).join('');
    await expect(diagnostics).toMatchFileSnapshot(`../../golden/hostile/${name.replace(/\.(md|txt)$/, '')}.diagnostics`);
  });
});

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The import rules live in biome.json (`npm run lint`, run by CI). These tests check that the
// rules still catch what they are for: each arrow back up the pipeline is added to a copy of src/
// and must make the linter fail with the rule's own message.

const biome = join(process.cwd(), 'node_modules/.bin/biome');
let copy = '';
afterEach(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

function lint(dir: string) {
  const run = spawnSync(biome, ['lint', '--vcs-enabled=false', '--colors=off', '--max-diagnostics=50', 'src'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

function withLine(file: string, line: string) {
  copy = mkdtempSync(join(tmpdir(), 'nashra-house-'));
  cpSync('src', join(copy, 'src'), { recursive: true });
  cpSync('biome.json', join(copy, 'biome.json'));
  appendFileSync(join(copy, file), `\n${line}\n`);
  return lint(copy);
}

describe('the import rules', () => {
  it('pass on the tree as it is', () => {
    const { status, output } = lint(process.cwd());
    expect(output).not.toMatch(/noRestrictedImports|noImportCycles/);
    expect(status).toBe(0);
  });

  it.each([
    ['src/render/escape.ts', "import { xmlText } from '../feeds/xml';", 'render/ turns the model into HTML and text'],
    ['src/render/escape.ts', "import { detectPlainTweets } from '../citations/detect-tweets';", 'render/ may take only the tokenizer'],
    ['src/render/escape.ts', "import { readFileSync } from 'node:fs';", 'the Worker runs this at serve time'],
    ['src/feeds/render-rss.ts', "import { buildFeedModel } from './build-feed-model';", 'build-feed-model.ts calls the writers'],
    ['src/http/headers.ts', "import { parseArticle } from '../content/parse-article';", 'nothing of the build reaches the request path'],
    ['src/pages/layout.ts', "import { createApp } from '../http/app';", 'pages/ renders HTML pages from render/'],
    ['src/citations/detect-tweets.ts', "import { escapeHtml } from '../render/escape';", 'citations/ reads tweets out of content'],
    ['src/content/diagnostics.ts', "import { renderRss } from '../feeds/render-rss';", 'content/ runs at build time'],
    ['src/model.ts', "import { readSiteConfig } from './config';", 'below the configuration'],
    ['src/http/app.ts', "import { planArchive } from '../archive/assemble-archive';", 'nothing of the build reaches the request path'],
    ['src/archive/assemble-archive.ts', "import { createApp } from '../http/app';", 'archive/ assembles the compiled articles'],
    ['src/content/compile-content.ts', "export const ask = () => fetch('https://t.co/x');", 'the Worker and the compiler never use the network'],
    ['src/http/app.ts', "export const ask = () => fetch('https://t.co/x');", 'the Worker and the compiler never use the network'],
  ])('fail when %s gets %s', (file, line, message) => {
    const { status, output } = withLine(file, line);
    expect(output).toContain(message);
    expect(status).not.toBe(0);
  });

  it('fail on a circle of type-only imports', () => {
    const { status, output } = withLine('src/http/representation.ts', "import type { EdgeCache } from './edge-cache';\nexport type Both = EdgeCache;");
    expect(output).toContain('lint/suspicious/noImportCycles');
    expect(status).not.toBe(0);
  });
});

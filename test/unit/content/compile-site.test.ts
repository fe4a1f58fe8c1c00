import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../support/compile';

// What a Worker can deploy and hold, checked on the files the compiler would write.

/** A content folder in a fresh project, holding `files`; compiled with this repository's wrangler.toml. */
async function compile(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'nashra-size-'));
  mkdirSync(join(root, 'content'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'content', name), text);
  const result = await compileProject(root);
  return { ...result, written: readdirSync(root).includes('out') ? readdirSync(join(root, 'out')).sort() : [] };
}

/** Text that gzip cannot shrink much, the same on every run: lines of SHA-256 digests in base64. */
function incompressible(bytes: number): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++, size += 89) {
    lines.push(`${createHash('sha256').update(`a${i}`).digest('base64')}${createHash('sha256').update(`b${i}`).digest('base64')}`);
  }
  return `${lines.join('\n')}\n`;
}

const article = (body: string) => `---\ntitle: Big\ndate: 2022-01-21\nlang: en\n---\n${body}`;

describe('the size of the bundle', () => {
  it('is reported when it passes what Workers Free deploys (3 MB gzipped), and still written', async () => {
    const result = await compile({ 'big.txt': article(incompressible(2_400_000)) });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      'content/big.txt:1: warning: the file is 2344 KB, over the 256 KB an article should take: its body goes into the bundle twice and into every feed; split or trim it',
      expect.stringMatching(/^nashra: warning: the bundle is 3\.\d MB gzipped, over the 3 MB a Worker may be on Workers Free \(10 MB on Workers Paid\)$/),
    ]);
    expect(result.written).toEqual(['content.bin', 'content.ts', 'store']);
  }, 60_000);

  it('stops the build past what Workers Paid deploys (10 MB gzipped), naming the largest articles', async () => {
    const result = await compile({ 'huge.txt': article(incompressible(8_000_000)), 'small.md': article('Small.') });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^nashra: the bundle would be 1\d\.\d MB gzipped, over the 10 MB a Worker may be \(Workers Paid\); largest articles: content\/huge\.txt \(\d+\.\d MB\), content\/small\.md \(0\.0 MB\)$/,
      ),
    ]);
    expect(result.summary).toBe('nashra: nothing was written');
    expect(result.written).toEqual([]);
  }, 60_000);

  it('stops the build past what an isolate can hold (32 MB uncompressed), however well it compresses', async () => {
    const line = `${'word '.repeat(2000)}\n`;
    const result = await compile({ 'repetitive.txt': article(line.repeat(2200)) });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^nashra: the bundle would be 4\d\.\d MB, over the 32 MB a Worker's 128 MB of memory can hold with room to serve; largest articles: content\/repetitive\.txt \(\d+\.\d MB\)$/,
      ),
    ]);
    expect(result.written).toEqual([]);
  }, 60_000);
});

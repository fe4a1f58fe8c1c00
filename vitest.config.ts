import { readFileSync } from 'node:fs';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig, type Plugin } from 'vitest/config';

// In Node, a *.bin import gives its bytes as an ArrayBuffer, as wrangler's Data modules do in
// workerd (the generated bodies, generated/content.bin).
const dataModules: Plugin = {
  name: 'nashra-data-modules',
  load(id) {
    if (!id.endsWith('.bin')) return null;
    const base64 = readFileSync(id).toString('base64');
    return `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)).buffer;`;
  },
};

// Two projects: `unit` runs the build-time stages (content compiler, citation detection) and the
// checks that need real programs (libxml2, Chromium, independent feed parsers) in Node; `worker` runs
// the Worker itself inside workerd, as it runs on Cloudflare. The unit project's globalSetup chooses
// the Chromium (test/support/browser.ts).
// .ci/run asks for a machine-readable report to count tests; the console output stays the same.
const report = process.env.NASHRA_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      {
        plugins: [dataModules],
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', globalSetup: ['test/support/browser.ts'] },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'] },
      },
    ],
  },
});

import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs the build-time stages (content compiler, citation detection) and the
// checks that need real programs (xmllint, independent feed parsers) in Node; `worker` runs the
// Worker itself inside workerd, as it runs on Cloudflare.
// .ci/run asks for a machine-readable report to count tests; the console output stays the same.
const report = process.env.NASHRA_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'] },
      },
    ],
  },
});

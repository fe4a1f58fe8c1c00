// `npm run cite`: resolves the tweets cited in content/ into content/citations.json, the only part
// of nashra that uses the network, and only when a person runs it (README, "Citations").
// Ctrl-C stops it between requests; what was already resolved is in the record.
import { runCite } from './lib/cite/main';
import { sleep } from './lib/cite/http';

const controller = new AbortController();
process.on('SIGINT', () => {
  // A second Ctrl-C does not wait: the record is written whole after each citation anyway.
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

process.exitCode = await runCite({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  fetch: globalThis.fetch,
  now: () => new Date(),
  sleep,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});

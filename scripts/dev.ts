// `npm run dev [-- --port N] [--ip A] [wrangler dev options]`: serves the Worker locally with
// wrangler dev, SITE_URL following the port (scripts/lib/dev-command.ts). Signals go to wrangler,
// and its exit status is ours.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type DevCommand, devCommand } from './lib/dev-command';

let command: DevCommand;
try {
  command = devCommand(process.argv.slice(2));
} catch (e) {
  console.error(`nashra: ${(e as Error).message}`);
  process.exit(2);
}

const wrangler = fileURLToPath(new URL('../node_modules/.bin/wrangler', import.meta.url));
const child = spawn(wrangler, command.args, { stdio: 'inherit', env: { ...process.env, ...command.env } });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? 128 + constants.signals[signal!]));

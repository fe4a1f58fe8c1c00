import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { extract } from 'tar-fs';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

// The Chromium the tests drive is the first of: $CHROMIUM_PATH; a browser the machine has (so a Mac keeps
// its own Chrome); @sparticuz/chromium from npm (Linux x64), which setup() unpacks once per run of vitest.
const installed = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

type ChosenChromium = { executablePath: string; env: Record<string, string> } | { missing: string };

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChosenChromium;
  }
}

const require = createRequire(import.meta.url);

/** vitest globalSetup of the unit project: chooses the browser for every test worker. */
export async function setup(project: TestProject) {
  const found = process.env.CHROMIUM_PATH || installed.find((path) => existsSync(path));
  if (found) return project.provide('chromium', { executablePath: found, env: {} });
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return project.provide('chromium', { missing: `no Chromium: set CHROMIUM_PATH (none at ${installed.join(', ')}; @sparticuz/chromium is Linux x64 only)` });
  }
  const dir = await unpackNpmChromium();
  // Fonts come from npm too: with none configured pages render blank, and the bundled Open Sans has no Arabic.
  const fonts = mkdtempSync(join(tmpdir(), 'nashra-fonts-'));
  const naskh = dirname(require.resolve('@expo-google-fonts/noto-naskh-arabic/package.json'));
  writeFileSync(join(fonts, 'fonts.conf'), `<fontconfig><dir>${naskh}</dir><dir>${join(dir, 'fonts')}</dir><cachedir>${fonts}</cachedir></fontconfig>\n`);
  project.provide('chromium', {
    executablePath: join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: join(dir, 'lib'), FONTCONFIG_FILE: join(fonts, 'fonts.conf') },
  });
  return () => rmSync(fonts, { recursive: true, force: true });
}

/**
 * Unpacks @sparticuz/chromium's browser, the libraries it needs that a bare Debian lacks (lib/) and its
 * Latin font (fonts/) into a folder of our own for this version and user (its own /tmp/chromium is kept
 * across versions), and returns that folder.
 */
async function unpackNpmChromium(): Promise<string> {
  const pkg = dirname(dirname(require.resolve('@sparticuz/chromium')));
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const uid = process.getuid!();
  const dir = join(tmpdir(), `nashra-chromium-${version}-${uid}`);
  if (!existsSync(join(dir, 'chromium'))) {
    rmSync(dir, { recursive: true, force: true }); // what a cleaner of the temp dir may have left of it
    // Unpacked aside, then renamed, so that no run executes a browser still being written (ETXTBSY).
    const part = mkdtempSync(`${dir}-`);
    const unpack = (file: string, to: NodeJS.WritableStream) => pipeline(createReadStream(join(pkg, 'bin', file)), createBrotliDecompress(), to);
    await unpack('chromium.br', createWriteStream(join(part, 'chromium'), { mode: 0o755 }));
    await unpack('al2023.tar.br', extract(part));
    await unpack('fonts.tar.br', extract(part));
    try {
      renameSync(part, dir);
    } catch {
      rmSync(part, { recursive: true, force: true }); // another run of vitest unpacked it first
    }
  }
  if (statSync(dir).uid !== uid) throw new Error(`${dir} belongs to another user: not running the browser in it`);
  return dir;
}

/** Launches the chosen Chromium headless, as root too, with nothing that would call out to a network. */
export async function launchChromium(): Promise<Browser> {
  const chosen = inject('chromium');
  if ('missing' in chosen) throw new Error(chosen.missing);
  return chromium.launch({
    executablePath: chosen.executablePath,
    env: { ...process.env, ...chosen.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteCacheTag } from '../../../src/http/cache-tags';
import { type Answer, type FakeApi, purged, startFakeApi } from '../../support/fake-cloudflare-api';

// scripts/deploy.ts as `npm run deploy` runs it, in a project directory of its own: a fake `wrangler`
// first on PATH records what it was given, and a fake API on 127.0.0.1 stands for Cloudflare's.

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const script = join(process.cwd(), 'scripts/deploy.ts');
const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
const vars = (url: string, edgeMaxAge: string) =>
  `SITE_TITLE = "t"\nSITE_DESCRIPTION = "d"\nSITE_LANG = "en"\nSITE_AUTHOR = "a"\nSITE_URL = "${url}"\nMAX_AGE = "60"\nEDGE_MAX_AGE = "${edgeMaxAge}"\n`;

let dir = '';
let api: FakeApi | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nashra-deploy-'));
  writeFileSync(
    join(dir, 'wrangler.toml'),
    `[vars]\n${vars('https://nashra.example.org/', '3600')}[env.staging.vars]\n${vars('https://staging.example.org/', '60')}`,
  );
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A `wrangler` that writes its arguments, and the tokens it was given, to files, then exits with `exit`. */
function fakeWrangler(exit: number): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const body = [
    '#!/bin/sh',
    `printf '%s\\n' "$@" > '${join(dir, 'wrangler-args')}'`,
    `printf '%s\\n' "\${CLOUDFLARE_API_TOKEN-unset}" "\${NASHRA_PURGE_TOKEN-unset}" > '${join(dir, 'wrangler-tokens')}'`,
    `exit ${exit}`,
  ];
  writeFileSync(join(bin, 'wrangler'), `${body.join('\n')}\n`);
  chmodSync(join(bin, 'wrangler'), 0o755);
  return bin;
}

/** Runs scripts/deploy.ts with `args` and only the given Cloudflare and nashra variables; async, for the fake API shares this process. */
async function deploy(args: string[], { exit = 0, answers = [] as Answer[], env = {} as Record<string, string> } = {}) {
  const bin = fakeWrangler(exit);
  api = await startFakeApi(answers);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CLOUDFLARE_|NASHRA_)/.test(name)));
  const child = spawn(tsx, [script, ...args], {
    cwd: dir,
    env: { ...inherited, PATH: `${bin}:${process.env.PATH}`, NASHRA_CLOUDFLARE_API_BASE: api.base, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const status = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
  return { status, stdout, stderr, wranglerArgs: read('wrangler-args'), wranglerTokens: read('wrangler-tokens'), received: api.received };
}

const access = { CLOUDFLARE_ZONE_ID: zoneId, CLOUDFLARE_API_TOKEN: 'deploy-token', NASHRA_PURGE_TOKEN: 'purge-token' };

describe('npm run deploy (scripts/deploy.ts)', () => {
  it("passes every argument to wrangler deploy, then purges the deployed environment's site tag", async () => {
    const run = await deploy(['--env', 'staging', '--minify'], { answers: [purged], env: access });
    const tag = siteCacheTag('https://staging.example.org/');
    expect(run.wranglerArgs).toBe('deploy\n--env\nstaging\n--minify\n');
    // wrangler deploys with its own token and never sees the purge token.
    expect(run.wranglerTokens).toBe('deploy-token\nunset\n');
    expect(run.received.map(({ method, url, headers, body }) => [method, url, headers.authorization, body])).toEqual([
      ['POST', `/client/v4/zones/${zoneId}/purge_cache`, 'Bearer purge-token', JSON.stringify({ tags: [tag] })],
    ]);
    expect(run.stdout).toBe(`nashra: purged Cache-Tag ${tag} (every response of https://staging.example.org/) in zone ${zoneId}\n`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 30_000);

  it('takes the environment from CLOUDFLARE_ENV, and the token from CLOUDFLARE_API_TOKEN when there is no purge token', async () => {
    const run = await deploy([], { answers: [purged], env: { CLOUDFLARE_ZONE_ID: zoneId, CLOUDFLARE_API_TOKEN: 'deploy-token', CLOUDFLARE_ENV: 'staging' } });
    expect(run.wranglerArgs).toBe('deploy\n');
    expect(run.received.map(({ headers, body }) => [headers.authorization, body])).toEqual([
      ['Bearer deploy-token', JSON.stringify({ tags: [siteCacheTag('https://staging.example.org/')] })],
    ]);
    expect(run.status).toBe(0);
  }, 30_000);

  it("stops with wrangler's exit code and purges nothing when the deploy fails", async () => {
    const run = await deploy(['--env', 'staging'], { exit: 3, answers: [purged], env: access });
    expect(run.wranglerArgs).toBe('deploy\n--env\nstaging\n');
    expect(run.received).toEqual([]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('nashra: wrangler deploy failed (exit 3); the cache was not purged\n');
    expect(run.status).toBe(3);
  }, 30_000);

  it('says which variable it lacked and skips the purge, exiting 0', async () => {
    const run = await deploy(['--env', 'staging'], { env: { CLOUDFLARE_API_TOKEN: 'deploy-token' } });
    expect(run.wranglerArgs).toBe('deploy\n--env\nstaging\n');
    expect(run.received).toEqual([]);
    expect(run.stdout).toBe('nashra: cache purge skipped: CLOUDFLARE_ZONE_ID is not set; the edge will refresh within EDGE_MAX_AGE (60 s)\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 30_000);

  it('says that the deploy succeeded when the purge is refused, and exits 2 without printing the token', async () => {
    const forbidden = { status: 403, body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null } };
    const run = await deploy([], { answers: [forbidden], env: access });
    expect(run.received).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'nashra: the deploy succeeded and the site is up; only the cache purge failed: HTTP 403: Authentication error (code 10000)',
        "nashra: Cloudflare's cache may serve the previous version for up to EDGE_MAX_AGE (3600 s)",
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(2);
  }, 30_000);

  it('purges nothing after --dry-run', async () => {
    const run = await deploy(['--dry-run'], { answers: [purged], env: access });
    expect(run.wranglerArgs).toBe('deploy\n--dry-run\n');
    expect(run.received).toEqual([]);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  }, 30_000);

  it('deploys nothing when the configuration of the environment named cannot be read', async () => {
    const run = await deploy(['--env', 'nowhere'], { answers: [purged], env: access });
    expect(run.wranglerArgs).toBe(null);
    expect(run.received).toEqual([]);
    expect(run.stderr).toBe(
      'nashra: invalid configuration in wrangler.toml: there is no [env.nowhere] (named by --env or CLOUDFLARE_ENV)\nnashra: nothing was deployed\n',
    );
    expect(run.status).toBe(1);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { purgeFailedLines, readDeployArgs, readPurgeAccess, skippedLine } from '../../../scripts/lib/deploy-plan';

const top = { env: undefined, config: 'wrangler.toml', vars: {}, uploads: true };

describe('readDeployArgs', () => {
  it.each<[string[], Record<string, string>, string | undefined]>([
    [[], {}, undefined],
    [['--env', 'production'], {}, 'production'],
    [['--env=production'], {}, 'production'],
    [['-e', 'production'], {}, 'production'],
    [['-e=production'], {}, 'production'],
    [['--minify', '--env', 'production', '--keep-vars'], {}, 'production'],
    [[], { CLOUDFLARE_ENV: 'staging' }, 'staging'],
    [['--env', 'production'], { CLOUDFLARE_ENV: 'staging' }, 'production'],
    // As in wrangler: a named but empty --env is the top level, whatever CLOUDFLARE_ENV says.
    [['--env', ''], { CLOUDFLARE_ENV: 'staging' }, undefined],
    [[], { CLOUDFLARE_ENV: '' }, undefined],
    [['--', '--env', 'production'], {}, undefined],
  ])('%j with %j deploys environment %j', (args, environ, env) => {
    expect(readDeployArgs(args, environ)).toEqual({ ...top, env });
  });

  it('reads the configuration file from --config or -c', () => {
    expect(readDeployArgs(['--config', 'deploy/wrangler.toml'], {})).toEqual({ ...top, config: 'deploy/wrangler.toml' });
    expect(readDeployArgs(['-c=other.toml', '-e', 'x'], {})).toEqual({ ...top, config: 'other.toml', env: 'x' });
  });

  it('reads --var KEY:VALUE words, which override the file vars in the deployed Worker', () => {
    expect(readDeployArgs(['--var', 'SITE_URL:https://a.example/', 'FEED_ITEMS:5', '--env', 'x'], {})).toEqual({
      ...top,
      env: 'x',
      vars: { SITE_URL: 'https://a.example/', FEED_ITEMS: '5' },
    });
    expect(readDeployArgs(['--var=SITE_URL:https://b.example/', 'FEED_ITEMS:7', '--minify'], {})).toEqual({
      ...top,
      vars: { SITE_URL: 'https://b.example/', FEED_ITEMS: '7' },
    });
  });

  it.each([['--dry-run'], ['--help'], ['-h'], ['--version'], ['-v']])('knows that %s uploads nothing', (flag) => {
    expect(readDeployArgs(['--env', 'production', flag], {})).toEqual({ ...top, env: 'production', uploads: false });
  });

  it('uploads with --dry-run=false or --dry-run false, not with --dry-run true', () => {
    expect(readDeployArgs(['--dry-run=false'], {})).toEqual(top);
    expect(readDeployArgs(['--dry-run', 'false', '-e', 'x'], {})).toEqual({ ...top, env: 'x' });
    expect(readDeployArgs(['--dry-run', 'true', '-e', 'x'], {})).toEqual({ ...top, env: 'x', uploads: false });
  });
});

describe('readPurgeAccess', () => {
  it.each<[Record<string, string>, ReturnType<typeof readPurgeAccess>]>([
    [{}, { missing: ['CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_API_TOKEN (or NASHRA_PURGE_TOKEN)'] }],
    [{ CLOUDFLARE_ZONE_ID: 'z' }, { missing: ['CLOUDFLARE_API_TOKEN (or NASHRA_PURGE_TOKEN)'] }],
    [{ CLOUDFLARE_API_TOKEN: 't' }, { missing: ['CLOUDFLARE_ZONE_ID'] }],
    [{ NASHRA_PURGE_TOKEN: 'p' }, { missing: ['CLOUDFLARE_ZONE_ID'] }],
    [{ CLOUDFLARE_ZONE_ID: ' ', CLOUDFLARE_API_TOKEN: '' }, { missing: ['CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_API_TOKEN (or NASHRA_PURGE_TOKEN)'] }],
    [
      { CLOUDFLARE_ZONE_ID: 'z', CLOUDFLARE_API_TOKEN: 't' },
      { zoneId: 'z', token: 't' },
    ],
    [
      { CLOUDFLARE_ZONE_ID: 'z', CLOUDFLARE_API_TOKEN: 't', NASHRA_PURGE_TOKEN: 'p' },
      { zoneId: 'z', token: 'p' },
    ],
    [
      { CLOUDFLARE_ZONE_ID: 'z', CLOUDFLARE_API_TOKEN: 't', NASHRA_PURGE_TOKEN: ' ' },
      { zoneId: 'z', token: 't' },
    ],
  ])('%j gives %j', (environ, access) => {
    expect(readPurgeAccess(environ)).toEqual(access);
  });
});

describe('the lines npm run deploy prints', () => {
  it('say which variable a skipped purge lacked, and how soon the edge refreshes anyway', () => {
    expect(skippedLine(['CLOUDFLARE_ZONE_ID'], 60)).toBe(
      'nashra: cache purge skipped: CLOUDFLARE_ZONE_ID is not set; the edge will refresh within EDGE_MAX_AGE (60 s)',
    );
    expect(skippedLine(['CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_API_TOKEN (or NASHRA_PURGE_TOKEN)'], 3600)).toBe(
      'nashra: cache purge skipped: CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN (or NASHRA_PURGE_TOKEN) are not set; the edge will refresh within EDGE_MAX_AGE (3600 s)',
    );
  });

  it('say that the deploy succeeded when only the purge failed', () => {
    expect(purgeFailedLines('HTTP 403: Authentication error (code 10000)', 1, 60)).toEqual([
      'nashra: the deploy succeeded and the site is up; only the cache purge failed: HTTP 403: Authentication error (code 10000)',
      "nashra: Cloudflare's cache may serve the previous version for up to EDGE_MAX_AGE (60 s)",
    ]);
    expect(purgeFailedLines('no answer within 15 s', 4, 60)[0]).toBe(
      'nashra: the deploy succeeded and the site is up; only the cache purge failed after 4 attempts: no answer within 15 s',
    );
  });
});

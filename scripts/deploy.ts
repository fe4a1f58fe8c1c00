// `npm run deploy [-- wrangler deploy's arguments]`: runs `wrangler deploy` with the arguments given,
// then purges the site's Cache-Tag at Cloudflare's edge, so that readers get the new deploy at once
// instead of after EDGE_MAX_AGE. Needs CLOUDFLARE_ZONE_ID and a token (NASHRA_PURGE_TOKEN, else
// CLOUDFLARE_API_TOKEN) with the zone's Cache Purge permission; without them it says what it skipped.
// Exits with wrangler's code when the deploy fails (no purge), 2 when only the purge failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, readSiteConfig } from '../src/config';
import { siteCacheTag } from '../src/http/cache-tags';
import type { SiteConfig } from '../src/model';
import { deployFailedLine, purgedLine, purgeFailedLines, readDeployArgs, readPurgeAccess, skippedLine } from './lib/deploy-plan';
import { purgeTags } from './lib/purge';
import { wranglerVars } from './lib/wrangler-vars';

const args = process.argv.slice(2);
const deploy = readDeployArgs(args, process.env);

/** The configuration being deployed, read before uploading: a deploy whose purge target is unknown should not start. */
function readSite() {
  const { vars, where } = wranglerVars(readFileSync(resolve(deploy.config), 'utf8'), deploy.env, deploy.config);
  return readSiteConfig({ ...vars, ...deploy.vars }, where);
}

function runWrangler(): Promise<number> {
  // wrangler needs no purge token: it stays with this script.
  const env = { ...process.env };
  delete env.NASHRA_PURGE_TOKEN;
  const child = spawn('wrangler', ['deploy', ...args], { stdio: 'inherit', env });
  return new Promise((done) => {
    child.on('error', (e) => {
      console.error(`nashra: could not start wrangler: ${e.message}`);
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

let site: SiteConfig | undefined;
try {
  if (deploy.uploads) site = readSite();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(`${e.message}\nnashra: nothing was deployed`);
  process.exit(1);
}

const code = await runWrangler();
if (code !== 0) {
  console.error(deployFailedLine(code));
  process.exit(code);
}
if (site) {
  const access = readPurgeAccess(process.env);
  if ('missing' in access) {
    console.log(skippedLine(access.missing, site.edgeMaxAge));
  } else {
    const tag = siteCacheTag(site.baseUrl);
    const result = await purgeTags({
      ...access,
      tags: [tag],
      apiBase: process.env.NASHRA_CLOUDFLARE_API_BASE || undefined,
      fetch,
      sleep,
      now: Date.now,
      log: (line) => console.error(line),
    });
    if (result.ok) {
      console.log(purgedLine(tag, site.baseUrl, access.zoneId));
    } else {
      for (const line of purgeFailedLines(result.reason, result.attempts, site.edgeMaxAge)) console.error(line);
      process.exit(2);
    }
  }
}

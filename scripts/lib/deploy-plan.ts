// What `npm run deploy` (scripts/deploy.ts) decides before and after `wrangler deploy`, as pure
// functions of its arguments and environment: which configuration was deployed, whether anything was
// uploaded, whether a purge can be made, and the lines it prints.

type Environ = Readonly<Record<string, string | undefined>>;

export interface DeployArgs {
  /** The environment wrangler deploys: `--env`/`-e` (empty for the top level), else CLOUDFLARE_ENV. */
  env: string | undefined;
  /** `--config`/`-c`, else wrangler.toml. */
  config: string;
  /** `--var KEY:VALUE`: wrangler deploys these over the file's vars. */
  vars: Record<string, string>;
  /** False for --dry-run, --help and --version: wrangler uploads nothing, so there is nothing to purge. */
  uploads: boolean;
}

const NO_UPLOAD = new Set(['--dry-run', '--help', '-h', '--version', '-v']);

/** Reads the arguments given to `wrangler deploy` as wrangler does (yargs: `--name value`, `--name=value`, `-n value`, `-n=value`). */
export function readDeployArgs(args: readonly string[], environ: Environ): DeployArgs {
  let env: string | undefined;
  let config = 'wrangler.toml';
  const vars: Record<string, string> = {};
  let uploads = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    const eq = arg.startsWith('-') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = () => inline ?? args[++i] ?? '';
    if (name === '--env' || name === '-e') env = value();
    else if (name === '--config' || name === '-c') config = value();
    else if (name === '--var') {
      // An array option, and yargs' arrays are greedy: one --var takes every word up to the next option.
      const words = inline === undefined ? [] : [inline];
      while (i + 1 < args.length && !args[i + 1]!.startsWith('-')) words.push(args[++i]!);
      for (const word of words) {
        const [key = '', ...rest] = word.split(':');
        vars[key] = rest.join(':');
      }
    } else if (NO_UPLOAD.has(name)) {
      // Booleans: `--dry-run=false` and `--dry-run false` turn the flag off.
      const given = inline ?? (/^(true|false)$/.test(args[i + 1] ?? '') ? args[++i] : undefined);
      if (given !== 'false') uploads = false;
    }
  }
  // wrangler: `args.env ?? CLOUDFLARE_ENV`, and an empty name is the top level.
  return { env: (env ?? environ.CLOUDFLARE_ENV) || undefined, config, vars, uploads };
}

export type PurgeAccess = { zoneId: string; token: string } | { missing: string[] };

/** The zone and token a purge needs, from the environment; `missing` names what is not set. */
export function readPurgeAccess(environ: Environ): PurgeAccess {
  const zoneId = environ.CLOUDFLARE_ZONE_ID?.trim();
  // wrangler deploys with CLOUDFLARE_API_TOKEN too; a token that may only purge is kept apart and wins.
  const token = environ.NASHRA_PURGE_TOKEN?.trim() || environ.CLOUDFLARE_API_TOKEN?.trim();
  if (zoneId && token) return { zoneId, token };
  return { missing: [...(zoneId ? [] : ['CLOUDFLARE_ZONE_ID']), ...(token ? [] : ['CLOUDFLARE_API_TOKEN (or NASHRA_PURGE_TOKEN)'])] };
}

export function skippedLine(missing: readonly string[], edgeMaxAge: number): string {
  const what = `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`;
  return `nashra: cache purge skipped: ${what}; the edge will refresh within EDGE_MAX_AGE (${edgeMaxAge} s)`;
}

export function purgedLine(tag: string, baseUrl: string, zoneId: string): string {
  return `nashra: purged Cache-Tag ${tag} (every response of ${baseUrl}) in zone ${zoneId}`;
}

export function purgeFailedLines(reason: string, attempts: number, edgeMaxAge: number): string[] {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return [
    `nashra: the deploy succeeded and the site is up; only the cache purge failed${tries}: ${reason}`,
    `nashra: Cloudflare's cache may serve the previous version for up to EDGE_MAX_AGE (${edgeMaxAge} s)`,
  ];
}

export function deployFailedLine(code: number): string {
  return `nashra: wrangler deploy failed (exit ${code}); the cache was not purged`;
}

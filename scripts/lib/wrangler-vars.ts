import { parse as parseToml } from 'smol-toml';
import { type Bindings, ConfigError } from '../../src/config';

/**
 * The Worker's vars as wrangler gives them for `env` (wrangler's `--env`, or CLOUDFLARE_ENV):
 * `[env.<name>.vars]` when an environment is named, else `[vars]`. Like wrangler, vars are not
 * inherited: an environment without its own [vars] section has none. Throws ConfigError naming the file.
 */
export function wranglerVars(tomlText: string, env: string | undefined, file = 'wrangler.toml'): { vars: Bindings; where: string } {
  let toml: Record<string, unknown>;
  try {
    toml = parseToml(tomlText);
  } catch (e) {
    throw new ConfigError([`not valid TOML: ${(e as Error).message}`], file);
  }
  let table: unknown = toml.vars;
  let where = `${file} [vars]`;
  if (env) {
    const envs = (toml.env ?? {}) as Record<string, { vars?: unknown } | undefined>;
    if (!envs[env]) throw new ConfigError([`there is no [env.${env}] (named by --env or CLOUDFLARE_ENV)`], file);
    table = envs[env].vars;
    where = `${file} [env.${env}.vars]`;
  }
  const vars: Record<string, string> = {};
  // wrangler passes a TOML number or boolean to the Worker as such; readSiteConfig reads its text.
  for (const [name, value] of Object.entries((table ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars[name] = String(value);
  }
  return { vars: vars as unknown as Bindings, where };
}

/** What `npm run dev` runs: wrangler dev on the address asked for, with SITE_URL following it. */
export interface DevCommand {
  /** wrangler's arguments. */
  args: string[];
  /** Set for wrangler on top of the caller's environment. */
  env: Record<string, string>;
  siteUrl: string;
}

const DEFAULTS = { ip: '127.0.0.1', port: '8787' };

// Addresses a browser on this machine reaches as localhost: loopback, and every interface.
const LOCAL = /^(?:127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0|::|localhost)$/;

/**
 * Reads `--port N` and `--ip A` (or `--port=N`, `--ip=A`) out of `argv` and passes every other
 * argument to wrangler as it is. SITE_URL follows the address, so that feeds, which write absolute
 * URLs from it, link to where they are served; a specific non-local address is its own host.
 * Throws on a port that is not 1 to 65535 or a flag without its value.
 */
export function devCommand(argv: readonly string[]): DevCommand {
  const chosen = { ...DEFAULTS };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--(port|ip)(?:=(.*))?$/.exec(argv[i]!);
    if (!flag) {
      rest.push(argv[i]!);
      continue;
    }
    const name = flag[1] as keyof typeof DEFAULTS;
    const value = flag[2] ?? argv[++i];
    if (!value || value.startsWith('-')) throw new Error(`--${name} needs a value`);
    chosen[name] = value;
  }
  const port = Number(chosen.port);
  if (!/^\d+$/.test(chosen.port) || port < 1 || port > 65_535) throw new Error(`--port must be a whole number from 1 to 65535, got "${chosen.port}"`);
  const host = LOCAL.test(chosen.ip) ? 'localhost' : chosen.ip.includes(':') ? `[${chosen.ip}]` : chosen.ip;
  const siteUrl = `http://${host}:${port}/`;
  return {
    args: ['dev', '--ip', chosen.ip, '--port', String(port), '--var', `SITE_URL:${siteUrl}`, ...rest],
    // wrangler dev runs offline: no request.cf data fetched from Cloudflare, and no metrics sent
    // (on a machine without a resolver their dispatch held the start for over a minute).
    env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
    siteUrl,
  };
}

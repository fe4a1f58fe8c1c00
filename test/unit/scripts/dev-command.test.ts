import { describe, expect, it } from 'vitest';
import { devCommand } from '../../../scripts/lib/dev-command';

// `npm run dev` (scripts/dev.ts): the wrangler command it runs for the arguments it is given.
const wranglerDev = (ip: string, port: string, siteUrl: string, ...rest: string[]) => ({
  args: ['dev', '--ip', ip, '--port', port, '--var', `SITE_URL:${siteUrl}`, ...rest],
  env: { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  siteUrl,
});

describe('devCommand', () => {
  it('runs what npm run dev always ran when given nothing', () => {
    expect(devCommand([])).toEqual(wranglerDev('127.0.0.1', '8787', 'http://localhost:8787/'));
  });

  it.each([
    [['--port', '8799'], wranglerDev('127.0.0.1', '8799', 'http://localhost:8799/')],
    [['--port=8799'], wranglerDev('127.0.0.1', '8799', 'http://localhost:8799/')],
    [['--port', '1'], wranglerDev('127.0.0.1', '1', 'http://localhost:1/')],
    [['--port', '65535'], wranglerDev('127.0.0.1', '65535', 'http://localhost:65535/')],
    [['--port', '8787', '--port', '9000'], wranglerDev('127.0.0.1', '9000', 'http://localhost:9000/')],
    [['--ip', '0.0.0.0', '--port', '8799'], wranglerDev('0.0.0.0', '8799', 'http://localhost:8799/')],
    [['--ip=127.0.0.2'], wranglerDev('127.0.0.2', '8787', 'http://localhost:8787/')],
    [['--ip', '::1'], wranglerDev('::1', '8787', 'http://localhost:8787/')],
    [['--ip', '192.168.1.20', '--port', '8080'], wranglerDev('192.168.1.20', '8080', 'http://192.168.1.20:8080/')],
    [['--ip', 'fd00::20'], wranglerDev('fd00::20', '8787', 'http://[fd00::20]:8787/')],
    [
      ['--env', 'staging', '--port', '8799', '--log-level', 'debug', '--var', 'FEED_ITEMS:5'],
      wranglerDev('127.0.0.1', '8799', 'http://localhost:8799/', '--env', 'staging', '--log-level', 'debug', '--var', 'FEED_ITEMS:5'),
    ],
    [['--inspector-port', '9230'], wranglerDev('127.0.0.1', '8787', 'http://localhost:8787/', '--inspector-port', '9230')],
  ])('%j → %j', (argv, expected) => {
    expect(devCommand(argv)).toEqual(expected);
  });

  it.each([
    [['--port'], '--port needs a value'],
    [['--port='], '--port needs a value'],
    [['--port', '--ip', '0.0.0.0'], '--port needs a value'],
    [['--ip', '--port', '8799'], '--ip needs a value'],
    [['--port', 'abc'], '--port must be a whole number from 1 to 65535, got "abc"'],
    [['--port', '0'], '--port must be a whole number from 1 to 65535, got "0"'],
    [['--port', '65536'], '--port must be a whole number from 1 to 65535, got "65536"'],
    [['--port', '80.5'], '--port must be a whole number from 1 to 65535, got "80.5"'],
    [['--port', ' 8799'], '--port must be a whole number from 1 to 65535, got " 8799"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => devCommand(argv)).toThrow(new Error(message));
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultDataDir, loadConfig } from './config.js';

const run = promisify(execFile);

describe('configuration', () => {
  it('uses a free port and the per-user data folder by default', () => {
    const config = loadConfig({});
    expect(config.port).toBe(0);
    expect(config.dataDir).toBe(defaultDataDir());
    expect(config.sessionTtlHours).toBe(12);
  });

  it('reads MOSTRADOR_DATA_DIR and MOSTRADOR_PORT', () => {
    const config = loadConfig({ MOSTRADOR_DATA_DIR: '/tmp/shop', MOSTRADOR_PORT: '4321' });
    expect(config).toMatchObject({ dataDir: '/tmp/shop', port: 4321 });
  });

  it.each([
    ['MOSTRADOR_PORT', 'abc'],
    ['MOSTRADOR_PORT', '70000'],
    ['MOSTRADOR_LOG_LEVEL', 'loud'],
    ['MOSTRADOR_SESSION_TTL_HOURS', '0'],
    ['MOSTRADOR_DEMO', 'yes'],
    ['MOSTRADOR_SMTP_URL', 'not a url'],
    ['MOSTRADOR_TRUST_PROXY', 'true'],
    ['MOSTRADOR_TRUST_PROXY', '0'],
    ['MOSTRADOR_TRUST_PROXY', '10.0.0.0/40'],
    ['MOSTRADOR_TRUST_PROXY', '10.0.0.1,balancer.internal'],
  ])('names %s when its value %s is invalid', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${name} .*\\(got "${value}"\\)$`),
    );
  });

  it('reads MOSTRADOR_TRUST_PROXY as a hop count or a list of proxy addresses; unset, no proxy is trusted', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ MOSTRADOR_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ MOSTRADOR_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback' }).trustProxy).toBe(
      '10.0.0.0/8,192.168.1.7,loopback',
    );
    expect(loadConfig({ MOSTRADOR_TRUST_PROXY: 'fd00::/8,10.1.0.0/255.255.0.0' }).trustProxy).toBe(
      'fd00::/8,10.1.0.0/255.255.0.0',
    );
  });

  it('reads MOSTRADOR_PIN_KEY, and never repeats it in an error', () => {
    const key = 'k'.repeat(40);
    expect(loadConfig({ MOSTRADOR_PIN_KEY: key }).pinKey).toBe(key);
    expect(loadConfig({}).pinKey).toBeUndefined();
    expect(() => loadConfig({ MOSTRADOR_PIN_KEY: 'short-secret' })).toThrow(
      'Invalid configuration: MOSTRADOR_PIN_KEY must be at least 32 characters (got a value of 12 characters)',
    );
  });

  it('reads MOSTRADOR_METRICS_TOKEN, and never repeats it in an error', () => {
    const token = 't'.repeat(24);
    expect(loadConfig({ MOSTRADOR_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ MOSTRADOR_METRICS_TOKEN: 'scrape-me' })).toThrow(
      'Invalid configuration: MOSTRADOR_METRICS_TOKEN must be at least 16 characters (got a value of 9 characters)',
    );
  });

  it('picks the operating system application data folder', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' })).toMatch(/Mostrador$/);
    expect(defaultDataDir('darwin', {})).toMatch(/Library\/Application Support\/Mostrador$/);
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/home/ana/.data' })).toBe('/home/ana/.data/mostrador');
  });

  it('stops the served console at start-up with one line naming the bad variable', async () => {
    const serve = path.join(import.meta.dirname, 'serve.ts');
    const error = await run(process.execPath, ['--import', 'tsx', serve], {
      env: { ...process.env, MOSTRADOR_PORT: 'eighty' },
    }).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: MOSTRADOR_PORT must be a whole number between 0 and 65535 (got "eighty")',
    ]);
  });
});

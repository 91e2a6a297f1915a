import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The operating system's per-user application data folder. */
export function defaultDataDir(platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Mostrador');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Mostrador');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'mostrador');
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const TRUST_PROXY_MESSAGE =
  'must be a number of proxy hops (1-10) or a comma list of proxy addresses or subnets (10.0.0.0/8, loopback, …)';

/** One trusted proxy: an address, a subnet (address/bits or address/netmask), or Express's names. */
function proxyAddress(item: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
  const [address = '', range, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

/**
 * Which proxies in front of the server to believe about the client's address (X-Forwarded-For),
 * as Express's `trust proxy` takes it: a hop count, or the proxies' addresses. Never "all": a
 * client could then name any address and dodge the per-address rate limits.
 */
const trustProxy = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d+$/.test(v)
        ? Number(v) >= 1 && Number(v) <= 10
        : v.split(',').every((item) => proxyAddress(item.trim())),
    TRUST_PROXY_MESSAGE,
  )
  .transform((v) =>
    /^\d+$/.test(v)
      ? Number(v)
      : v
          .split(',')
          .map((item) => item.trim())
          .join(','),
  );

const schema = z.object({
  MOSTRADOR_DATA_DIR: z.string().min(1, 'must not be empty').optional(),
  MOSTRADOR_PORT: z.coerce
    .number({ message: 'must be a whole number between 0 and 65535' })
    .int('must be a whole number between 0 and 65535')
    .min(0, 'must be a whole number between 0 and 65535')
    .max(65535, 'must be a whole number between 0 and 65535')
    .default(0),
  MOSTRADOR_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  MOSTRADOR_SESSION_TTL_HOURS: z.coerce
    .number({ message: 'must be a number of hours between 1 and 720' })
    .int()
    .min(1, 'must be a number of hours between 1 and 720')
    .max(720, 'must be a number of hours between 1 and 720')
    .default(12),
  MOSTRADOR_ENTITLEMENT_TTL_HOURS: z.coerce
    .number({ message: 'must be a number of hours between 1 and 2160' })
    .int()
    .min(1, 'must be a number of hours between 1 and 2160')
    .max(2160, 'must be a number of hours between 1 and 2160')
    .default(168),
  MOSTRADOR_DEMO: flag.default(false),
  MOSTRADOR_SMTP_URL: z.url({ message: 'must be an smtp:// or smtps:// URL' }).optional(),
  MOSTRADOR_MAIL_FROM: z.string().min(3).default('Mostrador <no-reply@mostrador.local>'),
  DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }).optional(),
  MOSTRADOR_PUBLIC_URL: z.url({ message: 'must be an http:// or https:// URL' }).optional(),
  MOSTRADOR_PIN_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  MOSTRADOR_TRUST_PROXY: trustProxy.optional(),
  MOSTRADOR_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

/** Variables whose value an error message never repeats. */
const SECRETS = new Set(['MOSTRADOR_PIN_KEY', 'MOSTRADOR_METRICS_TOKEN']);

export interface Config {
  dataDir: string;
  port: number;
  logLevel: z.infer<typeof schema>['MOSTRADOR_LOG_LEVEL'];
  sessionTtlHours: number;
  /** Hub: how long a device's signed entitlement lasts without reaching the hub again. */
  entitlementTtlHours: number;
  demo: boolean;
  smtpUrl?: string;
  mailFrom: string;
  databaseUrl?: string;
  /** Origin of links in emails; defaults to the address the server listens on. */
  publicUrl?: string;
  /**
   * Key of the staff PINs' HMAC; unset, the install secret in the data dir.
   * Hub processes serving one database must share it, or a PIN set through
   * one is not recognised by the others.
   */
  pinKey?: string;
  /**
   * Express's `trust proxy` (MOSTRADOR_TRUST_PROXY): behind a load balancer, its hop count or
   * addresses, so the sign-in and enrollment limits count each client's own address (from
   * X-Forwarded-For) rather than the balancer's. Unset: the header is ignored.
   */
  trustProxy?: number | string;
  /** Hub: the bearer token Prometheus must send to read /metrics; unset, /metrics answers anyone. */
  metricsToken?: string;
}

/** Reads and validates configuration once, at boot; a bad value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const got = SECRETS.has(name)
      ? `a value of ${env[name]?.length ?? 0} characters`
      : `"${env[name] ?? ''}"`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message} (got ${got})`);
  }
  const c = parsed.data;
  return {
    dataDir: path.resolve(c.MOSTRADOR_DATA_DIR ?? defaultDataDir()),
    port: c.MOSTRADOR_PORT,
    logLevel: c.MOSTRADOR_LOG_LEVEL,
    sessionTtlHours: c.MOSTRADOR_SESSION_TTL_HOURS,
    entitlementTtlHours: c.MOSTRADOR_ENTITLEMENT_TTL_HOURS,
    demo: c.MOSTRADOR_DEMO,
    smtpUrl: c.MOSTRADOR_SMTP_URL,
    mailFrom: c.MOSTRADOR_MAIL_FROM,
    databaseUrl: c.DATABASE_URL,
    publicUrl: c.MOSTRADOR_PUBLIC_URL,
    pinKey: c.MOSTRADOR_PIN_KEY,
    trustProxy: c.MOSTRADOR_TRUST_PROXY,
    metricsToken: c.MOSTRADOR_METRICS_TOKEN,
  };
}

/** For entry points: the config, or one line on stderr naming the bad variable and exit code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
}

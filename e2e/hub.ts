/**
 * A real hub for e2e tests: `backend/src/hub.ts` in its own process on an
 * embedded Postgres, restartable on the same port to come back after an
 * outage. Its first-run business is the one consoles join.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../backend/src/db/embedded-postgres';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Hub {
  url: string;
  /** The hub owner's session cookie, for making enrollment codes and checking what arrived. */
  cookie: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const HUB_BUSINESS = 'Cowork Hub';
export const HUB_OWNER = { name: 'Ana Hub', email: 'ana@hub.test', password: 'hub-password-123' };

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`hub exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`hub did not start in 60 s:\n${output}`)), 60_000);
  });
}

/** Starts the hub on `databaseUrl` (data dir under `tmp`) and creates its business and owner. */
export async function startHub(tmp: string, databaseUrl: string): Promise<Hub> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const hub: Hub = {
    url: `http://127.0.0.1:${port}`,
    cookie: '',
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/hub.ts'], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          MOSTRADOR_DATA_DIR: join(tmp, 'hub'),
          MOSTRADOR_PORT: String(port),
          MOSTRADOR_LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await waitForListening(child);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
  await hub.start();
  const res = await fetch(`${hub.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      business: { name: HUB_BUSINESS, currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
      owner: HUB_OWNER,
    }),
  });
  if (res.status !== 201) throw new Error(`hub setup answered ${res.status}: ${await res.text()}`);
  hub.cookie = res.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return hub;
}

/** A call to the hub's API as its owner. */
export async function hubCall<T>(hub: Hub, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: { cookie: hub.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} on the hub answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** What the hub owner reads out to whoever sets up a console. */
export const newCode = async (hub: Hub) =>
  (await hubCall<{ code: string }>(hub, 'POST', '/api/sync/enrollment-codes', {})).code;

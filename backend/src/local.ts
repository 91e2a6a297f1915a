import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { type AppDeps, systemClock, uuidV7 } from './core/deps.js';
import { ensureDeviceId } from './core/device.js';
import { createLogger } from './core/logger.js';
import { createMailer } from './core/mailer.js';
import { loadOrCreateSecret } from './core/secret.js';
import { startCheckpointer } from './db/checkpointer.js';
import { migrateToLatest } from './db/migrate.js';
import type { DB } from './db/schema.js';
import { openSqlite } from './db/sqlite.js';
import { startNoShowRelease } from './domains/bookings/no-shows.js';
import { startSyncClient } from './domains/sync/client/client.js';
import { desktopTokenStore, type ParentPortLike } from './domains/sync/client/desktop-tokens.js';
import { fileTokenStore } from './domains/sync/client/link.js';
import { type RunningServer, startServer } from './server.js';
import { VERSION } from './version.js';

export const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist', import.meta.url));

export interface LocalConsole {
  deps: AppDeps;
  server: RunningServer;
  stop(): Promise<void>;
}

/** Opens (and migrates) the data dir's SQLite file and builds the deps of a local console. */
export async function openLocal(config: Config, staticDir?: string): Promise<AppDeps> {
  mkdirSync(config.dataDir, { recursive: true });
  const db: Kysely<DB> = openSqlite(path.join(config.dataDir, 'mostrador.db'));
  await migrateToLatest(db);
  const logger = createLogger(config.logLevel, config.dataDir);
  return {
    db,
    clock: systemClock,
    newId: uuidV7,
    mailer: createMailer(config.smtpUrl, config.mailFrom),
    logger,
    deviceId: await ensureDeviceId(db, uuidV7, systemClock),
    mode: 'local',
    staticDir,
    sessionTtlHours: config.sessionTtlHours,
    version: VERSION,
    pinKey: config.pinKey ?? loadOrCreateSecret(config.dataDir),
    trustProxy: config.trustProxy,
    // The desktop keeps device tokens with safeStorage in main (handed over at spawn); served: a 0600 file.
    syncTokens:
      desktopTokenStore(
        process.env,
        (process as unknown as { parentPort?: ParentPortLike }).parentPort,
        fileTokenStore(config.dataDir),
      ) ?? fileTokenStore(config.dataDir),
  };
}

export async function startLocalConsole(config: Config, staticDir = RENDERER_DIST): Promise<LocalConsole> {
  const deps = await openLocal(config, staticDir);
  const checkpointer = await startCheckpointer(deps.db, path.join(config.dataDir, 'mostrador.db'), {
    onError: (message) =>
      deps.logger.warn({ message }, 'WAL checkpoint failed; the console checkpoints by itself'),
  });
  const server = await startServer(createApp(deps), config.port);
  // Links in emails never come from a request's Host header, which a client controls.
  deps.publicUrl = config.publicUrl ?? server.url;
  // Outbox up, hub changes down, for every tenant enrolled with a hub (none until enrollment).
  const sync = await startSyncClient(deps);
  // Bookings past their check-in window on resources that release no-shows free their slot by themselves.
  const noShows = startNoShowRelease(deps);
  return {
    deps,
    server,
    async stop() {
      await noShows.stop();
      await sync.stop();
      await server.close();
      await checkpointer.stop();
      await deps.db.destroy();
    },
  };
}

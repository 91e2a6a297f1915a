/**
 * npm run hub: the backend over Postgres. DATABASE_URL when set; otherwise a
 * real embedded Postgres kept in <data dir>/hub-postgres, so it runs on a
 * fresh machine with no set-up. Sync endpoints arrive with the sync issue;
 * today the hub migrates its database and serves health and the API.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { type AppDeps, systemClock, uuidV7 } from './core/deps.js';
import { ensureDeviceId } from './core/device.js';
import { createLogger } from './core/logger.js';
import { createMailer } from './core/mailer.js';
import { loadOrCreateSecret } from './core/secret.js';
import { type EmbeddedPg, startEmbeddedPostgres } from './db/embedded-postgres.js';
import { migrateToLatest } from './db/migrate.js';
import { openPostgres } from './db/postgres.js';
import { ChangeFeed } from './domains/sync/change-feed.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

async function main() {
  const config = loadConfigOrExit();
  let embedded: EmbeddedPg | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'hub-postgres'),
      persistent: true,
    });
    url = embedded.url;
    console.log(
      `No DATABASE_URL: using the embedded Postgres in ${path.join(config.dataDir, 'hub-postgres')}`,
    );
  }
  mkdirSync(config.dataDir, { recursive: true });
  const db = openPostgres(url, hubPoolSize(process.env.MOSTRADOR_HUB_POOL));
  await migrateToLatest(db);
  const deps: AppDeps = {
    db,
    clock: systemClock,
    newId: uuidV7,
    mailer: createMailer(config.smtpUrl, config.mailFrom),
    logger: createLogger(config.logLevel, config.dataDir),
    deviceId: await ensureDeviceId(db, uuidV7, systemClock),
    mode: 'hub',
    sessionTtlHours: config.sessionTtlHours,
    version: VERSION,
    pinKey: config.pinKey ?? loadOrCreateSecret(config.dataDir),
    entitlementTtlHours: config.entitlementTtlHours,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    // The built renderer (when present): the owner manages devices in Settings → Sync on the hub.
    staticDir: fileURLToPath(new URL('../../renderer/dist', import.meta.url)),
  };
  deps.changeFeed = new ChangeFeed(url, deps.logger);
  await deps.changeFeed.start();
  const app = createApp(deps);
  const server = await startServer(app, config.port);
  // Links in emails never come from a request's Host header, which a client controls.
  deps.publicUrl = config.publicUrl ?? server.url;
  console.log(`Mostrador hub listening on ${server.url}`);
  const shutdown = async () => {
    await server.close();
    await deps.changeFeed?.stop();
    await db.destroy();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * Connections per hub process (MOSTRADOR_HUB_POOL, default 20). A push holds
 * its connection while it waits for its business's change counter, so with
 * 10 a burst of one busy business's pushes held every connection and the
 * other businesses' pulls queued behind them. Mind Postgres's max_connections
 * (100 by default) across hub processes.
 */
function hubPoolSize(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 500) {
    console.error(`MOSTRADOR_HUB_POOL must be a whole number from 2 to 500, not "${value}"`);
    process.exit(2);
  }
  return n;
}

main().catch((err) => {
  console.error(`Mostrador hub failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

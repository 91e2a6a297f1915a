/**
 * Entry of the served console (and of the backend inside Electron's utility
 * process): validate config, open the data dir, listen on 127.0.0.1, say where.
 */
import { loadConfigOrExit } from './config.js';
import { DEMO_OWNER, seedDemo } from './demo.js';
import { startLocalConsole } from './local.js';

interface ParentPort {
  postMessage(message: unknown): void;
}

async function main() {
  const config = loadConfigOrExit();
  const running = await startLocalConsole(config);
  if (config.demo && (await seedDemo(running.deps))) {
    console.log(
      `Demo business ready: sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password} (data in ${config.dataDir})`,
    );
  }
  console.log(`Mostrador listening on ${running.server.url}`);
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  parentPort?.postMessage({ type: 'ready', port: running.server.port });

  const shutdown = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(`Mostrador failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { startSmtpServer, type TestSmtp } from '../backend/test/smtp-server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServedConsole {
  url: string;
  dataDir: string;
}

/** Starts a real served console, as `npm run serve` does, on a fresh data dir and a free port. */
export async function startServedConsole(
  env: Record<string, string> = {},
): Promise<ServedConsole & { stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mostrador-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'backend/src/serve.ts'], {
    cwd: root,
    env: { ...process.env, MOSTRADOR_DATA_DIR: dataDir, MOSTRADOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`served console exited (${code}) before listening:\n${output}`)),
    );
    setTimeout(() => reject(new Error(`served console did not start in 30 s:\n${output}`)), 30_000);
  });
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ served: ServedConsole; mailbox: TestSmtp }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern
  mailbox: async ({}, use) => {
    const smtp = await startSmtpServer();
    await use(smtp);
    await smtp.close();
  },
  served: async ({ mailbox }, use) => {
    const served = await startServedConsole({ MOSTRADOR_SMTP_URL: mailbox.url });
    await use(served);
    await served.stop();
  },
  baseURL: async ({ served }, use) => {
    await use(served.url);
  },
});

export { expect } from '@playwright/test';

import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/** Debian's chromium from PATH, or MOSTRADOR_CHROMIUM; Playwright's own browser download never runs here. */
function chromiumPath(): string {
  if (process.env.MOSTRADOR_CHROMIUM) return process.env.MOSTRADOR_CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('No chromium on PATH: install Debian\'s "chromium" package or set MOSTRADOR_CHROMIUM');
  }
}

export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    locale: 'es-ES',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test } from '@playwright/test';
import type { MostradorDesktopApi } from '../main/src/contract';
import { electronRuntimePath } from '../main/src/runtime';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runtimePath = electronRuntimePath();

test.describe('desktop shell', () => {
  test.skip(
    runtimePath === null,
    'Electron runtime not installed (no binary in node_modules/electron/dist); desktop e2e skipped — served-console e2e covers the UI',
  );

  let dataDir: string;

  test.beforeEach(async () => {
    expect(existsSync(join(root, 'main/dist/main.cjs')), 'run `npm run build` first').toBe(true);
    dataDir = await mkdtemp(join(tmpdir(), 'mostrador-electron-e2e-'));
  });

  test.afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('opens the first-run screen in an isolated window with the desktop API', async () => {
    const app = await _electron.launch({
      executablePath: runtimePath ?? undefined,
      args: ['main/dist/main.cjs'],
      cwd: root,
      env: { ...process.env, MOSTRADOR_DATA_DIR: dataDir },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: /Mostrador/ })).toBeVisible({ timeout: 30_000 });

      const globals = await window.evaluate(() => ({
        isDesktop: (window as unknown as { mostrador?: MostradorDesktopApi }).mostrador?.isDesktop,
        requireType: typeof (globalThis as { require?: unknown }).require,
      }));
      expect(globals).toEqual({ isDesktop: true, requireType: 'undefined' });
    } finally {
      await app.close();
    }
  });
});

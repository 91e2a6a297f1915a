import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedPg, freePort, startEmbeddedPostgres } from '../backend/src/db/embedded-postgres';
import { expect, test } from './fixtures';
import { LoginPage } from './pages/login';

/**
 * The hub's own Settings → Sync: its owner makes a one-time enrollment code, sees the device
 * that used it with the pending changes it reported, and revokes it after confirming.
 * A hub process on an embedded Postgres serves the built renderer (npm run build first).
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OWNER = { name: 'Ana Hub', email: 'ana@hub.test', password: 'hub-password-123' };

function waitForListening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(output)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`hub exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`hub did not start in 60 s:\n${output}`)), 60_000);
  });
}

test.describe('the hub owner manages devices', () => {
  let tmp = '';
  let postgres: EmbeddedPg;
  let hub: ChildProcess | null = null;
  let hubUrl = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    tmp = await mkdtemp(join(tmpdir(), 'mostrador-e2e-hub-devices-'));
    postgres = await startEmbeddedPostgres({ dir: join(tmp, 'cluster'), persistent: false });
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    hub = spawn(process.execPath, ['--import', 'tsx', 'backend/src/hub.ts'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: postgres.url,
        MOSTRADOR_DATA_DIR: join(tmp, 'hub'),
        MOSTRADOR_PORT: String(port),
        MOSTRADOR_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForListening(hub);
    const res = await fetch(`${hubUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        business: { name: 'Cowork Hub', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
        owner: OWNER,
      }),
    });
    if (res.status !== 201) throw new Error(`hub setup answered ${res.status}: ${await res.text()}`);
  });

  test.afterAll(async () => {
    const running = hub;
    hub = null;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    await postgres?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('creates a code shown once, lists the device that used it with its pending changes, and revokes it', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(`${hubUrl}/`);
    await new LoginPage(page).signIn(OWNER.email, OWNER.password);
    await expect(page.getByRole('banner')).toContainText('Cowork Hub');
    await page.goto(`${hubUrl}/settings/sync`);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: 'Dispositivos del negocio', level: 2 })).toBeVisible();
    // Not the console's "connect to a hub" form: this is the hub.
    await expect(main.getByRole('heading', { name: 'Conectar con un hub' })).toHaveCount(0);
    await expect(main).toContainText('Todavía no hay dispositivos.');

    // A new code, from the keyboard: shown big once, with how long and how often it works.
    await main.getByRole('button', { name: 'Nuevo código de alta' }).focus();
    await page.keyboard.press('Enter');
    const shown = main.getByTestId('enrollment-code');
    await expect(shown).toContainText('Vale 24 h y para una sola consola.');
    await expect(shown).toContainText('Caduca el');
    const code = (await shown.locator('code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // A console uses it, then reports 3 changes still to push on its pull.
    const enrolled = await fetch(`${hubUrl}/sync/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceId: randomUUID(), name: 'Caja 2', appVersion: '0.1.0' }),
    });
    expect(enrolled.status).toBe(201);
    const { token } = (await enrolled.json()) as { token: string };
    const pull = (pending: string) =>
      fetch(`${hubUrl}/sync/pull`, {
        headers: { authorization: `Bearer ${token}`, 'x-mostrador-pending': pending },
      });
    expect((await pull('3')).status).toBe(200);

    await page.reload();
    const table = main.getByRole('table', { name: 'Dispositivos' });
    const row = table.getByRole('row', { name: /Caja 2/ });
    await expect(row).toContainText('0.1.0');
    await expect(row).toContainText('3 cambios · informado');
    await expect(row).toContainText('Activo');
    // The code was shown once: after a reload it is gone.
    await expect(main.getByTestId('enrollment-code')).toHaveCount(0);

    // Revoke asks first; Cancel keeps the device.
    await row.getByRole('button', { name: 'Revocar Caja 2' }).click();
    const dialog = page.getByRole('dialog', { name: '¿Revocar «Caja 2»?' });
    await expect(dialog.getByRole('button', { name: 'Cancelar' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(row).toContainText('Activo');

    await row.getByRole('button', { name: 'Revocar Caja 2' }).click();
    await dialog.getByRole('button', { name: 'Revocar dispositivo' }).click();
    await expect(main.getByRole('status').filter({ hasText: 'revocado' })).toContainText(
      'Dispositivo «Caja 2» revocado',
    );
    await expect(row).toContainText('Revocado');
    await expect(row.getByRole('button', { name: /Revocar/ })).toHaveCount(0);

    // The device is stopped at its next request.
    expect((await pull('3')).status).toBe(401);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPg, startEmbeddedPostgres } from '../backend/src/db/embedded-postgres';
import { expect, test } from './fixtures';
import { HUB_BUSINESS, HUB_OWNER, type Hub, newCode, startHub } from './hub';
import { LoginPage } from './pages/login';
import { SetupPage } from './pages/setup';
import { SyncPage } from './pages/sync';

/**
 * The owner started a business on this console with the same email as her hub account, then joins
 * the hub's business: her account here moves to a tagged address, which the console names before
 * and after, and which opens the business left behind with her password from this console.
 */
test.describe('joining with the same email as the hub account', () => {
  let tmp = '';
  let postgres: EmbeddedPg;
  let hub: Hub;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    tmp = await mkdtemp(join(tmpdir(), 'mostrador-e2e-left-'));
    postgres = await startEmbeddedPostgres({ dir: join(tmp, 'cluster'), persistent: false });
    hub = await startHub(tmp, postgres.url);
  });

  test.afterAll(async () => {
    await hub?.stop();
    await postgres?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('the console names the address that opens the business left behind, and it does', async ({ page }) => {
    test.setTimeout(180_000);
    const localPassword = 'mi-clave-local-77';
    await page.goto('/');
    await new SetupPage(page).createBusiness({
      businessName: 'Mi tienda local',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      locale: 'es-ES',
      ownerName: 'Ana Local',
      email: HUB_OWNER.email,
      password: localPassword,
    });
    const sync = new SyncPage(page);
    await sync.openFromBadge();
    await sync.checkCode({ hubUrl: hub.url, code: await newCode(hub), deviceName: 'Caja 1' });
    const [user, domain] = HUB_OWNER.email.split('@');
    const tagged = new RegExp(`${user}\\+local-[0-9a-f]{8}@${domain?.replace('.', '\\.')}`);
    await expect(sync.preview()).toContainText('Para abrir después «Mi tienda local», inicia sesión con');
    const shown = (await sync.preview().textContent())?.match(tagged)?.[0] as string;
    expect(shown).toBeTruthy();

    await sync.leaveBehindCheckbox().check();
    await sync.connectButton().click();

    // Before signing out, the new address is named, with focus on it.
    const moved = page.getByRole('heading', { name: '«Mi tienda local» se abre ahora con otro correo' });
    await expect(moved).toBeFocused({ timeout: 30_000 });
    await expect(sync.main()).toContainText(
      `Ana Local: inicia sesión con ${shown} (antes ${HUB_OWNER.email})`,
    );
    await sync.main().getByRole('button', { name: 'Ir a iniciar sesión' }).click();

    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
    await new LoginPage(page).signIn(shown, localPassword);
    await expect(page.getByRole('banner')).toContainText('Mi tienda local');
    await expect(page.getByRole('banner')).not.toContainText(HUB_BUSINESS);
  });
});

import { expect, test } from './fixtures';
import { type NewBusiness, SetupPage } from './pages/setup';
import { SyncPage } from './pages/sync';

const business: NewBusiness = {
  businessName: 'Papelería Olmo',
  currency: 'EUR',
  timeZone: 'Europe/Madrid',
  locale: 'es-ES',
  ownerName: 'Irene Olmo',
  email: 'irene@example.com',
  password: 'lapices-y-gomas-7',
};

test('a local-only console says so, opens Settings → Sync from the badge and explains a hub it cannot reach', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness(business);
  const sync = new SyncPage(page);
  await expect(sync.badge()).toHaveText('Solo local');
  await expect(sync.badge()).toHaveAttribute('data-state', 'local-only');

  // The badge is the way in.
  await sync.openFromBadge();
  await expect(page).toHaveURL(/\/settings\/sync$/);
  await expect(sync.heading()).toBeVisible();
  await expect(sync.fact('Estado')).toHaveText('Solo local');
  await expect(sync.main()).toContainText('Esta consola no está conectada a ningún hub');
  await expect(sync.enrollHeading()).toBeVisible();

  // A hub address that is not a full URL is caught next to its field.
  await sync.checkCode({ hubUrl: 'hub.example', code: 'ABCD-EFGH-JKLM', deviceName: 'Caja 1' });
  await expect(sync.hubUrlField()).toHaveAttribute('aria-invalid', 'true');
  await expect(sync.hubUrlField()).toBeFocused();
  await expect(sync.main()).toContainText(
    'Escribe la dirección completa, por ejemplo https://hub.ejemplo.com.',
  );

  // Nothing listens on port 9: the console says it cannot reach the hub, in plain words.
  await sync.hubUrlField().fill('http://127.0.0.1:9');
  await sync.deviceNameField().press('Enter');
  await expect(sync.main()).toContainText('No se puede conectar con el hub en esa dirección.');
  await expect(sync.preview()).toHaveCount(0);
  await expect(sync.badge()).toHaveText('Solo local');

  // Settings keeps both sections reachable from each other.
  await sync.settingsSections().getByRole('link', { name: 'Datos del negocio' }).click();
  await expect(sync.main().getByRole('heading', { name: 'Datos del negocio' })).toBeVisible();
  await sync.settingsSections().getByRole('link', { name: 'Sincronización' }).click();
  await expect(sync.enrollHeading()).toBeVisible();
});

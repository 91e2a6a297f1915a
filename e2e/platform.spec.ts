import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';
import { LoginPage } from './pages/login';
import { PlatformPage } from './pages/platform';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

test('a super-admin suspends a business with a reason, and its owner sees it and the support visit', async ({
  page,
  browser,
  served,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Sur',
    currency: 'CLP',
    timeZone: 'America/Santiago',
    locale: 'es-CL',
    ownerName: 'Marta Díaz',
    email: 'marta@example.com',
    password: 'escritorio-compartido',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Sur');

  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'backend/src/cli/superadmin.ts',
      '--data',
      served.dataDir,
      '--email',
      'ops@mostrador.app',
      '--name',
      'Equipo Mostrador',
    ],
    {
      cwd: root,
      env: { ...process.env, MOSTRADOR_SUPERADMIN_PASSWORD: 'plataforma-segura-1' },
    },
  );

  const opsContext = await browser.newContext({ locale: 'es-ES' });
  const ops = await opsContext.newPage();
  await ops.goto(`${served.url}/login`);
  await new LoginPage(ops).signIn('ops@mostrador.app', 'plataforma-segura-1');
  const platform = new PlatformPage(ops);
  await expect(platform.heading()).toBeVisible();
  await platform.search('sur');
  await platform.openTenant('Cowork Sur');
  await platform.changeStatus('Cowork Sur', 'Suspender', 'Pago rechazado');
  await expect(ops.getByText('Suspendido').first()).toBeVisible();
  await platform.openSupport();
  await expect(platform.supportBanner()).toContainText('Modo soporte');
  await opsContext.close();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Aviso del negocio' })).toContainText('suspendido');
  await new Shell(page).nav().getByRole('link', { name: 'Auditoría' }).click();
  await expect(page.getByRole('main')).toContainText('platform.support.open');
  await expect(page.getByRole('main')).toContainText('Equipo Mostrador');
});

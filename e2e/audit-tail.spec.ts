import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('the audit screen names the device whose newest entry was removed from the data file', async ({
  page,
  served,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Vinos Cadena',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Luis Pardo',
    email: 'luis@example.com',
    password: 'vino-tinto-1',
  });
  const shell = new Shell(page);
  await expect(shell.banner()).toContainText('Vinos Cadena');
  const product = await page.request.post('/api/catalog/products', {
    data: { sku: 'VIN-1', name: 'Vino', price: 1000, cost: 400 },
  });
  expect(product.status()).toBe(201);
  const { id } = await product.json();
  expect((await page.request.patch(`/api/catalog/products/${id}`, { data: { price: 100 } })).status()).toBe(
    200,
  );

  await shell.nav().getByRole('link', { name: 'Auditoría' }).click();
  const verify = page.getByRole('button', { name: 'Verificar cadena' });
  const result = page.locator('.verify-result');
  await verify.click();
  await expect(result).toHaveText('Íntegra: 3 entradas');

  // Someone with the data file removes the entry that shows who dropped the price.
  const file = new Database(join(served.dataDir, 'mostrador.db'));
  const { device_id: device } = file
    .prepare("select device_id from audit_entries where command = 'catalog.product.update'")
    .get() as { device_id: string };
  file.prepare("delete from audit_entries where command = 'catalog.product.update'").run();
  file.close();

  await verify.click();
  await expect(result).toHaveText(
    `Faltan las entradas más recientes del dispositivo ${device}: su cadena termina en el n.º 2 y había llegado al n.º 3.`,
  );
  await expect(result).toHaveAttribute('data-intact', 'false');
});

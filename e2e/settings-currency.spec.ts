import { expect, test } from './fixtures';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('once a price is recorded, Settings shows the currency fixed and says why, and a save racing it keeps the old one', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Café Moneda',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Ana Ruiz',
    email: 'ana@example.com',
    password: 'cafe-con-leche',
  });
  const shell = new Shell(page);
  await expect(shell.banner()).toContainText('Café Moneda');
  await shell.nav().getByRole('link', { name: 'Ajustes' }).click();
  const currency = page.getByLabel('Moneda');
  // Nothing recorded yet: the currency may still change.
  await expect(currency).toBeEnabled();

  // Meanwhile (another register, or an import) a 2,50 € coffee is recorded, in the business's
  // minor units (250: it would read 250 Chilean pesos).
  const created = await page.request.post('/api/catalog/products', {
    data: { sku: 'CAF-1', name: 'Café', price: 250 },
  });
  expect(created.status()).toBe(201);
  await currency.selectOption('CLP');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  const why =
    'La moneda ya no se puede cambiar: hay precios, ventas u otros importes guardados en la moneda actual';
  await expect(page.locator('#settings-currency-error')).toContainText(why);
  await expect(currency).toBeFocused();
  await expect(page.getByRole('main')).not.toContainText('Algo ha fallado');
  const business = await (await page.request.get('/api/tenant')).json();
  expect(business.currency).toBe('EUR');

  // Opened again, Settings shows the currency fixed and says why, before anyone tries.
  await shell.nav().getByRole('link', { name: 'Panel' }).click();
  await shell.nav().getByRole('link', { name: 'Ajustes' }).click();
  await expect(currency).toBeDisabled();
  await expect(currency).toHaveValue('EUR');
  await expect(currency).toHaveAccessibleDescription(/Fija: ya hay precios, ventas u otros importes/);
});

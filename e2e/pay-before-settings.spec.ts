import type { Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { SalePage } from './pages/sale';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('F2 pressed while the counter settings are still loading opens the payment as soon as they arrive', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Kiosco Lento',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Luz Paso',
    email: 'luz@example.com',
    password: 'despacio-que-voy-4',
  });
  await expect(new Shell(page).banner()).toContainText('Kiosco Lento');
  const made = await page.request.post('/api/catalog/products', {
    data: {
      sku: 'PAN-1',
      name: 'Pan',
      price: 150,
      taxRateBp: 400,
      tracked: false,
      barcodes: ['8410000000026'],
    },
  });
  expect(made.status(), await made.text()).toBe(201);
  expect((await page.request.post('/api/shifts', { data: { denominations: [] } })).status()).toBe(201);

  const sale = new SalePage(page);
  await sale.open();
  await expect(sale.scanField()).toBeFocused();
  await sale.scan('8410000000026');
  await expect(sale.line('Pan')).toBeVisible();

  // Back at the counter from the shift page on a slow machine: the settings answer is held.
  const held: Route[] = [];
  let released = false;
  await page.route('**/api/pos/settings', (route) => (released ? route.continue() : held.push(route)));
  await page.getByRole('link', { name: 'Ver turno' }).click();
  await expect(page).toHaveURL(/\/shifts/);
  await page.goBack();
  await expect(sale.line('Pan')).toBeVisible();
  await expect.poll(() => held.length).toBeGreaterThan(0);

  // The cashier does not wait: F2 now. The screen says payment waits, and no guess is charged.
  await page.keyboard.press('F2');
  await expect(sale.status()).toContainText('el cobro se abre en cuanto lleguen');
  await expect(sale.payDialog()).toBeHidden();

  // The settings arrive: the payment dialog opens by itself, and the sale goes through.
  released = true;
  for (const route of held) await route.continue();
  await sale.tenderedField().waitFor();
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await expect(sale.status()).toContainText('Cambio: 0,50');
});

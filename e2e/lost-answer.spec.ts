import { expect, test } from './fixtures';
import { SalePage } from './pages/sale';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('Pay pressed again after the answer to a sale was lost records the sale once', async ({ page }) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Kiosco Brisa',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Brisa Mar',
    email: 'brisa@example.com',
    password: 'periodico-y-cafe-9',
  });
  await expect(new Shell(page).banner()).toContainText('Kiosco Brisa');
  const post = async (url: string, data: unknown) => {
    const res = await page.request.post(url, { data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  await post('/api/catalog/products', {
    sku: 'AGUA-50',
    name: 'Agua 50 cl',
    price: 120,
    taxRateBp: 1000,
    tracked: false,
    active: true,
    barcodes: ['8410000000019'],
  });
  await post('/api/shifts', { denominations: [] });

  // The first answer to "record this sale" never reaches the screen: the backend recorded the
  // sale, then the connection dropped (as when the local backend restarts after committing).
  let lost = 0;
  await page.route('**/api/pos/sales', async (route) => {
    if (route.request().method() !== 'POST' || lost > 0) return route.fallback();
    lost++;
    await route.fetch();
    await route.abort('connectionreset');
  });

  const sale = new SalePage(page);
  await sale.open();
  await expect(sale.scanField()).toBeFocused();
  await sale.scan('8410000000019');
  await expect(sale.line('Agua 50 cl')).toBeVisible();
  await sale.payCash('5');
  await expect(sale.payDialog().getByRole('alert')).toContainText(
    'No se puede conectar con el servidor local',
  );
  // The cashier presses Enter again in the same dialog.
  await page.keyboard.press('Enter');
  await expect(sale.status()).toContainText('Cambio');
  expect(lost).toBe(1);

  const { sales } = await (await page.request.get('/api/pos/sales')).json();
  expect(sales).toHaveLength(1);
  const current = await (await page.request.get('/api/shifts/current')).json();
  const report = await (await page.request.get(`/api/shifts/${current.shift.id}/report`)).json();
  expect(report.expectedCash).toBe(120);
});

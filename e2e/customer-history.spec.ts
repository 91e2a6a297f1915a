import { expect, test } from './fixtures';
import { CustomersPage } from './pages/customers';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('a customer found without typing the accents shows what the refunds of their purchases gave back', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cerámicas Lúa',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Lúa Otero',
    email: 'lua@example.com',
    password: 'barro-y-esmalte-4',
  });
  await expect(new Shell(page).banner()).toContainText('Cerámicas Lúa');
  const post = async (url: string, data: unknown) => {
    const res = await page.request.post(url, { data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const mug = await post('/api/catalog/products', {
    sku: 'TAZA-1',
    name: 'Taza',
    price: 1000,
    taxRateBp: 2100,
    tracked: false,
  });
  await post('/api/shifts', { denominations: [] });
  const customer = await post('/api/customers', { name: 'Álvaro Núñez' });
  const sell = (qty: number) =>
    post('/api/pos/sales', {
      customerId: customer.id,
      lines: [{ productId: mug.id, qty }],
      payments: [{ method: 'cash', amount: qty * 1000 }],
    });
  const refunded = await sell(1);
  const kept = await sell(2);
  await post('/api/pos/refunds', { saleId: refunded.id, method: 'cash' });

  const customers = new CustomersPage(page);
  await customers.open();
  await customers.search().fill('alvaro nunez');
  await customers.link('Álvaro Núñez').click();
  await expect(customers.heading()).toHaveText('Álvaro Núñez');

  const sales = customers.salesTable();
  await expect(sales.getByRole('columnheader', { name: 'Devuelto' })).toBeVisible();
  const row = (number: string) =>
    sales.getByRole('row').filter({ has: page.getByRole('rowheader', { name: number }) });
  await expect(row(refunded.number)).toContainText(/10,00\s€.*10,00\s€/);
  await expect(row(kept.number)).toContainText(/20,00\s€\s*—/);
});

import { expect, test } from './fixtures';
import { RefundPage } from './pages/refund';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('refunding part of an invoiced receipt names the credit note it issued', async ({ page }) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Papelería Sol',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Sol Vega',
    email: 'sol@example.com',
    password: 'lapices-de-colores-9',
  });
  await expect(new Shell(page).banner()).toContainText('Papelería Sol');
  // An invoice carries the seller's legal name and tax id: a business issues none without them.
  const legal = await page.request.patch('/api/tenant', {
    data: { legalName: 'Papelería Sol S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' },
  });
  expect(legal.status(), await legal.text()).toBe(200);
  const post = async (url: string, data: unknown) => {
    const res = await page.request.post(url, { data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  };
  const pen = await post('/api/catalog/products', {
    sku: 'BOLI-1',
    name: 'Bolígrafo',
    price: 150,
    taxRateBp: 2100,
    tracked: false,
    active: true,
  });
  const customer = await post('/api/customers', { name: 'Academia Norte SL', taxId: 'B11223344' });
  await post('/api/shifts', { denominations: [] });
  const sale = await post('/api/pos/sales', {
    customerId: customer.id,
    lines: [{ productId: pen.id, qty: 4 }],
    payments: [{ method: 'cash', amount: 1000 }],
  });
  const invoice = await post(`/api/invoices/from-sale/${sale.id}`, {});
  expect(invoice.status).toBe('paid');

  const refund = new RefundPage(page);
  await refund.open();
  await refund.receiptField().fill(sale.number);
  await page.keyboard.press('Enter');
  await refund.qtyField('Bolígrafo').fill('1');
  await refund.submitButton().focus();
  await page.keyboard.press('Enter');
  await expect(refund.status()).toContainText(/factura rectificativa A-[\w-]+/);

  const credit = (await (await page.request.get('/api/invoices?kind=credit_note')).json()).invoices[0];
  await expect(refund.status()).toContainText(credit.number);
  expect(credit.total).toBeLessThan(0);
  expect(credit.total).toBeGreaterThan(-sale.total);

  // The invoice names the credit note its refund issued, and leads to it.
  await page.goto(`/invoices/${invoice.id}`);
  const notes = page.getByRole('region', { name: 'Rectificativas por devoluciones en caja' });
  await expect(notes).toContainText(`Ver la rectificativa ${credit.number}`);
  await notes.getByRole('link', { name: `Ver la rectificativa ${credit.number}` }).click();
  await expect(page.getByRole('main')).toContainText(`Ver la factura rectificada ${invoice.number}`);
});

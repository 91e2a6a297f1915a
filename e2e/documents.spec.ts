import { expect, test } from './fixtures';
import { CustomersPage } from './pages/customers';
import { InvoicesPage } from './pages/invoices';
import { SalePage } from './pages/sale';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';
import { ShiftPage } from './pages/shift';

test('a quote for a customer becomes a cash sale, and a draft invoice is edited, issued and voided', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Tostadores Vega',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Lucía Vega',
    email: 'lucia@example.com',
    password: 'cafe-de-origen-7',
  });
  await expect(new Shell(page).banner()).toContainText('Tostadores Vega');
  // An invoice carries the seller's legal name and tax id: a business issues none without them.
  const legal = await page.request.patch('/api/tenant', {
    data: { legalName: 'Tostadores Vega S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' },
  });
  expect(legal.status(), await legal.text()).toBe(200);
  const product = await page.request.post('/api/catalog/products', {
    data: {
      sku: 'CAF-1K',
      name: 'Café en grano 1 kg',
      price: 1800,
      cost: 900,
      taxRateBp: 1000,
      tracked: true,
    },
  });
  expect(product.status(), await product.text()).toBe(201);
  const customers = new CustomersPage(page);
  await customers.create({ name: 'Coworking Norte', taxId: 'B87654321', email: 'cuentas@norte.example' });

  // A quote made of a catalog product, at a special price.
  const docs = new InvoicesPage(page);
  await page.goto('/quotes/new');
  await customers.pick('Coworking Norte');
  await docs.addCatalogProduct('Café en grano 1 kg');
  await docs.qty(1).fill('2');
  await docs.unitPrice(1).fill('15,00');
  await expect(docs.page.getByRole('group', { name: 'Líneas' })).toContainText('30,00');
  await docs.createQuote().click();
  await expect(docs.heading()).toHaveText(/^Presupuesto Q-/);
  const quoteUrl = page.url();
  const quoteNumber = ((await docs.heading().textContent()) ?? '').replace('Presupuesto ', '');

  // No shift yet: open one, then convert the quote into the counter's cart.
  await page.goto('/shifts/open');
  await new ShiftPage(page).piecesField('20,00 €').fill('1');
  await page.keyboard.press('Enter');
  const sale = new SalePage(page);
  await expect(sale.scanField()).toBeFocused();
  await page.goto(quoteUrl);
  await docs.toSale().click();
  await expect(docs.quoteNotice()).toContainText(quoteNumber);
  await expect(sale.line('Café en grano 1 kg')).toContainText('15,00');
  await sale.payCash('40');
  await expect(sale.status()).toContainText('Cambio: 10,00');

  await page.goto(quoteUrl);
  await expect(page.getByRole('main')).toContainText('Convertido');
  await expect(docs.saleLink()).toBeVisible();
  await expect(docs.toSale()).toHaveCount(0);

  // A draft invoice: edit its line, issue it, void it, and the numbers survive a reload.
  await page.goto('/invoices/new');
  await customers.pick('Coworking Norte');
  await docs.fillLine(1, { description: 'Cata de cafés', qty: '1', unitPrice: '100', taxRate: '21' });
  // Tax rounded per total: three half cents of tax round once (to 2), not each to even (0).
  await docs.pricesSelect().selectOption({ label: 'Sin impuestos (se suman)' });
  await docs.roundingSelect().selectOption({ label: 'Por total' });
  for (const n of [2, 3, 4]) {
    await docs.fillLine(n, { description: `Muestra ${n - 1}`, qty: '1', unitPrice: '0,05', taxRate: '10' });
  }
  await expect(docs.formTotal()).toContainText('121,17');
  await docs.createDraft().click();
  await expect(docs.heading()).toHaveText('Factura borrador');
  await docs.editDraft().click();
  await docs.qty(1).fill('3');
  await expect(docs.formTotal()).toContainText('363,17');
  await docs.saveChanges().click();
  await expect(docs.status()).toContainText('Cambios guardados');
  await expect(docs.linesView()).toContainText('363,00');
  // What the server computed is what the form previewed.
  await expect(docs.formTotal()).toContainText('363,17');
  await docs.issueButton().click();
  await expect(docs.heading()).toHaveText(/^Factura F-/);
  const invoiceNumber = ((await docs.heading().textContent()) ?? '').replace('Factura ', '');
  await docs.voidWith('Precio equivocado');
  await expect(docs.creditNoteLink()).toContainText(/A-/);
  await page.reload();
  await expect(docs.creditNoteLink()).toHaveText(/^Ver la rectificativa A-[\w-]+$/);
  await docs.creditNoteLink().click();
  await expect(docs.heading()).toHaveText(/^Factura rectificativa A-/);
  await expect(docs.correctsLink()).toHaveText(`Ver la factura rectificada ${invoiceNumber}`);
});

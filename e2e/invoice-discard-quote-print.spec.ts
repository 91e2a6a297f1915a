import { expect, test } from './fixtures';
import { InvoicesPage } from './pages/invoices';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('a draft invoice shows its line discount, is discarded after asking, and a quote is printed', async ({
  page,
  context,
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
  const legal = await page.request.patch('/api/tenant', {
    data: { legalName: 'Tostadores Vega S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' },
  });
  expect(legal.status(), await legal.text()).toBe(200);
  const customer = await page.request.post('/api/customers', {
    data: { name: 'Coworking Norte', taxId: 'B87654321' },
  });
  expect(customer.status(), await customer.text()).toBe(201);
  const customerId = (await customer.json()).id as string;
  // 2 × 9,99 with 10 % off: 2,00 off, a base of 17,98.
  const lines = [
    {
      description: 'Taza',
      qty: 2,
      unitPrice: 999,
      taxRateBp: 2100,
      discount: { kind: 'percent', bp: 1000 },
    },
  ];
  const draft = await page.request.post('/api/invoices', { data: { customerId, lines } });
  expect(draft.status(), await draft.text()).toBe(201);
  const draftId = (await draft.json()).id as string;

  const docs = new InvoicesPage(page);
  await page.goto(`/invoices/${draftId}`);
  await expect(docs.heading()).toHaveText('Factura borrador');
  const taza = docs
    .linesView()
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Taza' }) });
  await expect(taza).toContainText('-2,00');
  await expect(taza).toContainText('17,98');

  // Discarding asks first; Cancel keeps the draft.
  const discard = page.getByRole('button', { name: 'Descartar borrador' });
  const dialog = page.getByRole('dialog', { name: '¿Descartar este borrador?' });
  await discard.click();
  await expect(dialog.getByRole('button', { name: 'Cancelar' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(docs.issueButton()).toBeVisible();
  await discard.click();
  await dialog.getByRole('button', { name: 'Descartar borrador' }).click();
  await expect(page).toHaveURL(/\/invoices$/);
  await page.goto(`/invoices/${draftId}`);
  await expect(docs.heading()).toHaveText('Borrador descartado');
  await expect(docs.issueButton()).toHaveCount(0);
  await expect(discard).toHaveCount(0);

  // A quote prints as the A4 page its email attaches.
  const quote = await page.request.post('/api/quotes', { data: { customerId, lines } });
  expect(quote.status(), await quote.text()).toBe(201);
  const { id: quoteId, number } = (await quote.json()) as { id: string; number: string };
  await page.goto(`/quotes/${quoteId}`);
  const opened = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Imprimir presupuesto' }).click();
  const printed = await opened;
  await printed.waitForLoadState();
  await expect(printed.getByRole('heading', { level: 1 })).toHaveText(`Presupuesto ${number}`);
  await expect(printed.locator('body')).toContainText('Coworking Norte');
});

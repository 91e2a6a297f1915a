import { expect, test } from './fixtures';
import { RefundPage } from './pages/refund';
import { SalePage } from './pages/sale';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';
import { ShiftPage } from './pages/shift';

const euros = (minor: number) =>
  new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'EUR' }).format(minor / 100);

test('a cashier at the keyboard opens a shift, sells two scanned items for cash, refunds one and closes short', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Kiosco Alba',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Alba Ruiz',
    email: 'alba@example.com',
    password: 'periodico-y-cafe-9',
  });
  await expect(new Shell(page).banner()).toContainText('Kiosco Alba');
  for (const p of [
    { sku: 'AGUA-50', name: 'Agua 50 cl', price: 120, barcodes: ['8410000000019'] },
    { sku: 'CHOC-1', name: 'Chocolatina', price: 250, barcodes: ['8410000000026'] },
  ]) {
    const res = await page.request.post('/api/catalog/products', {
      data: { ...p, cost: 50, taxRateBp: 1000, tracked: true, active: true },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  const shift = new ShiftPage(page);
  await page.goto('/shifts/open');
  await shift.piecesField('20,00 €').fill('2');
  await page.keyboard.press('Enter');

  // Opening the shift lands on the sale screen, ready to scan.
  const sale = new SalePage(page);
  await expect(page.getByRole('main')).toContainText('Turno abierto desde');
  // The window (and a screen reader) names the screen, not just the app.
  await expect(page).toHaveTitle('Venta · Mostrador');
  await expect(sale.scanField()).toBeFocused();
  await sale.scan('8410000000019');
  await sale.scan('8410000000026');
  await expect(sale.line('Agua 50 cl')).toBeVisible();
  await expect(sale.line('Chocolatina')).toBeVisible();
  await sale.payCash('10');
  await expect(sale.status()).toContainText(`Cambio: ${euros(1000 - 370)}`);
  await expect(sale.scanField()).toBeFocused();
  const receipt = sale.receipt();
  await expect(receipt).toContainText('Kiosco Alba');
  const receiptNumber = (
    (await receipt.getAttribute('aria-label')) ??
    (await receipt.textContent()) ??
    ''
  ).match(/T-[\w-]+/)?.[0] as string;
  expect(receiptNumber).toBeTruthy();

  // The print view shows the receipt and nothing of the console around it.
  await page.emulateMedia({ media: 'print' });
  await expect(receipt).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navegación principal' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  const refund = new RefundPage(page);
  await refund.open();
  await refund.receiptField().fill(receiptNumber);
  await page.keyboard.press('Enter');
  await refund.qtyField('Chocolatina').fill('1');
  await refund.submitButton().focus();
  await page.keyboard.press('Enter');
  await expect(refund.status()).toBeVisible();
  await expect(page).toHaveTitle('Devoluciones · Mostrador');

  const current = await (await page.request.get('/api/shifts/current')).json();
  const report = await (await page.request.get(`/api/shifts/${current.shift.id}/report`)).json();
  expect(report.expectedCash).toBe(4000 + 370 - 250);
  await shift.openCurrent();
  await shift.closeLink().focus();
  await page.keyboard.press('Enter');
  await shift.countedField('Efectivo').fill(String((report.expectedCash - 50) / 100).replace('.', ','));
  await shift.noteField().fill('Faltan 50 céntimos');
  await shift.closeButton().focus();
  await page.keyboard.press('Enter');
  await expect(shift.zReport()).toContainText(/[−-]0,50\s€/);
  await expect(shift.zReport()).toContainText('Faltan 50 céntimos');
});

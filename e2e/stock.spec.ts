import { expect, test } from './fixtures';
import { CatalogPage } from './pages/catalog';
import { PurchaseOrdersPage, ReceivePage, SuppliersPage } from './pages/purchasing';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';
import { CountPage, StockPage } from './pages/stock';

test('a product is received through a purchase order, counted with a difference, and the ledger shows both', async ({
  page,
  mailbox,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Ultramarinos Sol',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Rosa Martín',
    email: 'rosa@example.com',
    password: 'aceite-y-vinagre-3',
  });
  await expect(new Shell(page).banner()).toContainText('Ultramarinos Sol');

  const catalog = new CatalogPage(page);
  await catalog.open();
  const form = await catalog.newProduct();
  await form.create({
    sku: 'CAF-250',
    name: 'Café molido 250 g',
    price: '4,95',
    cost: '2,10',
    taxRate: '10',
    barcodes: ['8412345678905'],
  });
  await expect(form.status()).toContainText('Producto creado.');

  const suppliers = new SuppliersPage(page);
  await suppliers.open();
  await suppliers.create({ name: 'Tostadores del Norte', email: 'pedidos@tostadores.example' });
  await expect(suppliers.row('Tostadores del Norte')).toBeVisible();

  const orders = new PurchaseOrdersPage(page);
  await orders.open();
  await orders.create({
    supplier: 'Tostadores del Norte',
    lines: [{ search: 'cafe', option: /Café molido 250 g/, qty: '24', unitCost: '2,05' }],
  });
  await expect(orders.heading()).toContainText(/Pedido PO-/);
  const number = ((await orders.heading().textContent()) ?? '').match(/PO-[\w-]+/)?.[0] as string;
  await orders.send(number);
  const mail = await mailbox.waitForMessage((m) => m.to.includes('pedidos@tostadores.example'));
  expect(mail.text).toContain('Café molido 250 g');

  const receive = new ReceivePage(page);
  await receive.open();
  await receive.receive();
  await expect(orders.status()).toContainText('Recepción registrada');

  await catalog.open();
  await catalog.search().fill('café');
  await expect(catalog.onHand('Café molido 250 g')).toHaveText('24 ud.');

  const counts = new CountPage(page);
  await counts.open();
  await counts.start();
  await counts.scan('8412345678905');
  // The scan counts one unit; then the rest of the shelf is typed in.
  await expect(counts.countedInput('Café molido 250 g')).toHaveValue('1');
  await counts.setCounted('Café molido 250 g', '22');
  await expect(counts.difference('Café molido 250 g')).toHaveText(/^-2(?!\d)/);
  await counts.post();
  await expect(counts.postedTag()).toBeVisible();

  const stock = new StockPage(page);
  await stock.openLedger();
  const rows = stock.movementRows('Café molido 250 g');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Recuento');
  await expect(rows.first()).toContainText(/-2(?!\d)/);
  await expect(rows.last()).toContainText('Recepción');
  await expect(rows.last()).toContainText(/\+24(?!\d)/);

  await catalog.open();
  await expect(catalog.onHand('Café molido 250 g')).toHaveText('22 ud.');
});

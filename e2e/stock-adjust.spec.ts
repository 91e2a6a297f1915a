import { expect, test } from './fixtures';
import { CatalogPage } from './pages/catalog';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';
import { CountPage, StockPage } from './pages/stock';

test('a write-off typed as 3 takes 3 off the shelf, and a second count of the shop waits for the open one', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Lechería Sol',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Rosa Martín',
    email: 'rosa@example.com',
    password: 'aceite-y-vinagre-3',
  });
  await expect(new Shell(page).banner()).toContainText('Lechería Sol');

  const catalog = new CatalogPage(page);
  await catalog.open();
  const form = await catalog.newProduct();
  await form.create({ sku: 'YOG-1', name: 'Yogur natural', price: '0,60', cost: '0,25', taxRate: '10' });
  await expect(form.status()).toContainText('Producto creado.');

  const stock = new StockPage(page);
  await stock.adjust({ search: 'yogur', option: /Yogur natural/, qty: '10', reason: 'Ajuste', note: 'Alta' });
  await expect(stock.status()).toContainText('Ajuste registrado');
  // Staff type how many yogurts broke, as a plain number.
  await stock.adjust({ search: 'yogur', option: /Yogur natural/, qty: '3', reason: 'Merma', note: 'Rotos' });
  await expect(stock.status()).toContainText('Merma registrada: se restan 3');
  await expect(page.getByText('se restan del stock (escribe 3, no -3)')).toBeVisible();

  await catalog.open();
  await catalog.search().fill('yogur');
  await expect(catalog.onHand('Yogur natural')).toHaveText('7 ud.');

  const counts = new CountPage(page);
  await counts.open();
  await counts.start();
  await expect(counts.lines()).toBeVisible();
  await counts.open();
  await counts.start();
  await expect(page.getByText('Otro recuento abierto de este lugar ya cuenta estos productos')).toBeVisible();
});

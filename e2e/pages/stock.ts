import type { Locator, Page } from '@playwright/test';

/** The stock area (/stock), in Spanish, and its sub-navigation. */
export class StockPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Existencias' });
  sections = () => this.page.getByRole('navigation', { name: 'Secciones de existencias' });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();

  async section(
    name: 'Movimientos' | 'Ajuste' | 'Traspaso' | 'Recuentos' | 'Stock bajo' | 'Descuadres' | 'Ubicaciones',
  ) {
    await this.sections().getByRole('link', { name, exact: true }).click();
  }

  async openLedger() {
    await this.page.goto('/stock');
  }

  /** Picks a product in a search-as-you-type product field by typing and choosing the option. */
  async chooseProduct(label: string, search: string, optionName: string | RegExp) {
    await this.page.getByRole('combobox', { name: label }).fill(search);
    await this.page.getByRole('option', { name: optionName }).click();
  }

  ledger = () => this.page.getByRole('table', { name: 'Movimientos de existencias' });

  /** Ledger rows of a product (row header "Name (SKU)"), newest first. */
  movementRows = (productName: string): Locator =>
    this.ledger()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: new RegExp(productName) }) });

  async filterLedger(options: { product?: { search: string; option: string | RegExp }; reason?: string }) {
    if (options.product) await this.chooseProduct('Producto', options.product.search, options.product.option);
    if (options.reason) await this.page.getByLabel('Motivo').selectOption({ label: options.reason });
    await this.page.getByRole('button', { name: 'Filtrar' }).click();
  }

  loadMore = () => this.page.getByRole('button', { name: 'Cargar más' });

  async adjust(input: {
    search: string;
    option: string | RegExp;
    qty: string;
    reason?: 'Ajuste' | 'Merma' | 'Devolución';
    note?: string;
  }) {
    await this.page.goto('/stock/adjust');
    await this.chooseProduct('Producto', input.search, input.option);
    await this.page.getByLabel(/^Cantidad/).fill(input.qty);
    if (input.reason) await this.page.getByLabel('Motivo').selectOption({ label: input.reason });
    if (input.note) await this.page.getByLabel('Nota').fill(input.note);
    await this.page.getByRole('button', { name: 'Registrar ajuste' }).click();
  }
}

/** Stock counts: /stock/counts and one count at /stock/counts/:id. */
export class CountPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/stock/counts');
  }

  /** Starts a count of a location (optionally one category) and lands on its screen. */
  async start(options: { location?: string; category?: string } = {}) {
    if (options.location) await this.page.getByLabel('Ubicación').selectOption({ label: options.location });
    if (options.category)
      await this.page.getByLabel('Categoría (opcional)').selectOption({ label: options.category });
    await this.page.getByRole('button', { name: 'Nuevo recuento' }).click();
  }

  scanField = () => this.page.getByLabel('Escanear código');
  lines = () => this.page.getByRole('table', { name: 'Líneas del recuento' });
  line = (productName: string): Locator =>
    this.lines()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: productName, exact: true }) });
  countedInput = (productName: string) => this.page.getByLabel(`Contado de ${productName}`);
  difference = (productName: string) => this.line(productName).getByRole('cell').last();

  async scan(barcode: string) {
    await this.scanField().fill(barcode);
    await this.scanField().press('Enter');
  }

  /** Types a counted quantity and saves it (Enter). */
  async setCounted(productName: string, qty: string) {
    await this.countedInput(productName).fill(qty);
    await this.countedInput(productName).press('Enter');
  }

  async post() {
    await this.page.getByRole('button', { name: 'Publicar recuento' }).click();
    await this.page
      .getByRole('dialog', { name: '¿Publicar el recuento?' })
      .getByRole('button', { name: 'Publicar recuento' })
      .click();
  }

  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();
  postedTag = () => this.page.getByText('Publicado', { exact: true });
}

import type { Locator, Page } from '@playwright/test';

/** The catalog (/catalog), in Spanish: product list, product form and CSV import. */
export class CatalogPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Catálogo' });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();

  async open() {
    await this.page.goto('/catalog');
  }

  search = () => this.page.getByLabel('Buscar productos');
  table = () => this.page.getByRole('table', { name: 'Productos' });
  pageIndicator = () => this.page.getByText(/^Página \d+ de \d+$/);
  nextPage = () => this.page.getByRole('button', { name: 'Página siguiente' });
  previousPage = () => this.page.getByRole('button', { name: 'Página anterior' });
  exportButton = () => this.page.getByRole('button', { name: 'Exportar CSV' });

  /** The list row of a product, found by its name (the row header links to the product). */
  row = (name: string): Locator =>
    this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });

  /** On hand as the list shows it, with the unit: "12 ud.", "1,5 kg". */
  onHand = (name: string) => this.row(name).getByRole('cell').nth(3);

  async filter(options: {
    category?: string;
    status?: 'Activos' | 'Inactivos' | 'Todos';
    lowStock?: boolean;
  }) {
    if (options.category) await this.page.getByLabel('Categoría').selectOption({ label: options.category });
    if (options.status) await this.page.getByLabel('Estado').selectOption({ label: options.status });
    if (options.lowStock !== undefined)
      await this.page.getByLabel('Solo stock bajo').setChecked(options.lowStock);
  }

  async newProduct() {
    await this.page.getByRole('link', { name: 'Nuevo producto' }).click();
    return new ProductForm(this.page);
  }

  async openProduct(name: string) {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    return new ProductForm(this.page);
  }
}

export interface ProductInput {
  sku: string;
  name: string;
  /** As typed in Spanish: "1,50". */
  price: string;
  cost?: string;
  taxRate?: string;
  unit?: 'Unidades' | 'Kilogramos (kg)' | 'Litros (l)' | 'Metros (m)';
  category?: string;
  reorderPoint?: string;
  reorderQty?: string;
  barcodes?: string[];
}

/** /catalog/products/new and /catalog/products/:id. */
export class ProductForm {
  constructor(readonly page: Page) {}

  field = (label: string) => this.page.getByLabel(label, { exact: true });
  createButton = () => this.page.getByRole('button', { name: 'Crear producto' });
  saveButton = () => this.page.getByRole('button', { name: 'Guardar cambios' });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();
  barcodeChips = () => this.page.getByRole('list', { name: 'Códigos de barras' }).getByRole('listitem');
  history = () => this.page.getByRole('heading', { name: 'Historial de precio y coste' });

  async fill(input: ProductInput) {
    await this.field('SKU').fill(input.sku);
    await this.field('Nombre').fill(input.name);
    if (input.category) await this.field('Categoría').selectOption({ label: input.category });
    if (input.unit) await this.field('Unidad de medida').selectOption({ label: input.unit });
    await this.field('Precio de venta').fill(input.price);
    if (input.cost) await this.field('Coste').fill(input.cost);
    if (input.taxRate) await this.field('Impuesto (%)').fill(input.taxRate);
    if (input.reorderPoint) await this.field('Punto de pedido').fill(input.reorderPoint);
    if (input.reorderQty) await this.field('Cantidad a pedir').fill(input.reorderQty);
    for (const code of input.barcodes ?? []) await this.addBarcode(code);
  }

  /** Types the code and presses Enter, as a scanner does: adds a chip, does not submit. */
  async addBarcode(code: string) {
    await this.field('Código de barras').fill(code);
    await this.field('Código de barras').press('Enter');
  }

  async removeBarcode(code: string) {
    await this.page.getByRole('button', { name: `Quitar el código ${code}` }).click();
  }

  async create(input: ProductInput) {
    await this.fill(input);
    await this.createButton().click();
  }

  /** Error shown under a field, e.g. 'SKU' or 'Precio de venta'. */
  fieldError = (label: string) =>
    this.page
      .locator('.field')
      .filter({ has: this.page.getByLabel(label, { exact: true }) })
      .locator('.field-error');

  async delete(name: string) {
    await this.page.getByRole('button', { name: 'Eliminar producto' }).click();
    await this.page
      .getByRole('dialog', { name: `¿Eliminar ${name}?` })
      .getByRole('button', { name: 'Eliminar producto' })
      .click();
  }
}

/** /catalog/import: choose a CSV, preview, import with a progress bar. */
export class ImportPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/catalog/import');
  }

  async preview(file: { name: string; mimeType: string; buffer: Buffer } | string) {
    await this.page.getByLabel('Archivo CSV').setInputFiles(file);
    await this.page.getByRole('button', { name: 'Previsualizar' }).click();
  }

  summary = () => this.page.getByText(/^\d+ filas: \d+ válidas, \d+ errores\.$/);
  errorsTable = () => this.page.getByRole('table', { name: 'Errores por fila' });
  sampleTable = () => this.page.getByRole('table', { name: 'Muestra' });
  importButton = () => this.page.getByRole('button', { name: /^Importar \d+ productos?$/ });
  progress = () => this.page.getByRole('progressbar', { name: 'Progreso de la importación' });
  done = () => this.page.getByText(/^Se ha(n)? importado \d+ productos?\.$/);
}

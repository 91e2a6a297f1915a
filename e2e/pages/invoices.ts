import type { Locator, Page } from '@playwright/test';

/** Invoices (/invoices) and quotes (/quotes), in Spanish: list, filters, form, detail and actions. */
export class InvoicesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/invoices');
  }

  heading = () => this.page.getByRole('heading', { level: 1 });

  // List and filters
  filters = () => this.page.getByRole('form', { name: 'Filtros de facturas' });
  statusFilter = () => this.filters().getByLabel('Estado');
  customerFilter = () => this.filters().getByLabel('Cliente');
  fromFilter = () => this.filters().getByLabel('Emitidas desde');
  toFilter = () => this.filters().getByLabel('Emitidas hasta');
  queryFilter = () => this.filters().getByLabel('Número o cliente');
  filterButton = () => this.filters().getByRole('button', { name: 'Filtrar' });
  clearFilters = () => this.page.getByRole('button', { name: 'Quitar filtros' });
  table = () => this.page.getByRole('table', { name: 'Facturas' });
  row = (number: string) =>
    this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: number }) });
  newLink = () => this.page.getByRole('link', { name: 'Nueva factura' });

  // Form (/invoices/new and /quotes/new): customer picker, prices, lines, notes
  pricesSelect = () => this.page.getByLabel('Precios', { exact: true });
  roundingSelect = () => this.page.getByLabel('Redondeo del impuesto', { exact: true });
  discount = (n: number) => this.page.getByRole('textbox', { name: `Descuento de la línea ${n}` });
  addProduct = () => this.page.getByRole('combobox', { name: 'Añadir producto del catálogo' });
  saveChanges = () => this.page.getByRole('button', { name: 'Guardar cambios' });
  editForm = () => this.page.getByRole('form', { name: 'Editar documento' });
  linesTable = () => this.page.getByRole('table', { name: 'Líneas' });
  description = (n: number) => this.page.getByRole('textbox', { name: `Descripción de la línea ${n}` });
  qty = (n: number) => this.page.getByRole('textbox', { name: `Cantidad de la línea ${n}` });
  unitPrice = (n: number) => this.page.getByRole('textbox', { name: `Precio unitario de la línea ${n}` });
  taxRate = (n: number) => this.page.getByRole('textbox', { name: `Impuesto % de la línea ${n}` });
  removeLine = (n: number) => this.page.getByRole('button', { name: `Quitar la línea ${n}` });
  addLine = () => this.page.getByRole('button', { name: 'Añadir línea' });
  totals = () => this.page.getByRole('definition');
  /** The document's total, in the form's live preview and on the saved document alike. */
  formTotal = () => this.page.getByRole('main').locator('.cart-total dd');
  createDraft = () => this.page.getByRole('button', { name: 'Crear borrador' });
  createQuote = () => this.page.getByRole('button', { name: 'Crear presupuesto' });

  /** Searches the catalog from the lines editor and adds the product called `name` as a line. */
  async addCatalogProduct(name: string) {
    await this.addProduct().fill(name);
    await this.page
      .getByRole('option', { name: new RegExp(`^${name}`) })
      .first()
      .waitFor();
    await this.addProduct().press('Enter');
  }

  /** Fills line `n` (1-based), adding it first when it is not there yet. */
  async fillLine(n: number, line: { description: string; qty: string; unitPrice: string; taxRate: string }) {
    if ((await this.description(n).count()) === 0) await this.addLine().click();
    await this.description(n).fill(line.description);
    await this.qty(n).fill(line.qty);
    await this.unitPrice(n).fill(line.unitPrice);
    await this.taxRate(n).fill(line.taxRate);
  }

  // Detail (/invoices/:id)
  issueButton = () => this.page.getByRole('button', { name: 'Emitir factura' });
  payButton = () => this.page.getByRole('button', { name: 'Registrar cobro' });
  payDialog = () => this.page.getByRole('dialog', { name: 'Registrar cobro' });
  payAmount = () => this.payDialog().getByLabel('Importe');
  payMethod = () => this.payDialog().getByLabel('Forma de pago');
  payReference = () => this.payDialog().getByLabel('Referencia');
  payRecord = () => this.payDialog().getByRole('button', { name: 'Registrar' });
  printButton = () => this.page.getByRole('button', { name: 'Imprimir factura' });
  voidButton = () => this.page.getByRole('button', { name: 'Anular factura' });
  voidDialog = () => this.page.getByRole('dialog', { name: /^¿Anular la factura / });
  voidReason = () => this.voidDialog().getByLabel('Motivo');
  voidConfirm = () => this.voidDialog().getByRole('button', { name: 'Anular con rectificativa' });
  creditNoteLink = () => this.page.getByRole('link', { name: /^Ver la rectificativa/ });
  correctsLink = () => this.page.getByRole('link', { name: /^Ver la factura rectificada/ });
  editDraft = () => this.page.getByRole('button', { name: 'Editar borrador' });
  details = () => this.page.getByRole('main').locator('dl.details');
  linesView = () => this.page.getByRole('table', { name: 'Líneas de la factura' });
  paymentsTable = () => this.page.getByRole('table', { name: 'Cobros' });
  emailField = () => this.page.getByLabel('Enviar a');
  sendButton = () => this.page.getByRole('button', { name: 'Enviar factura por correo' });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();
  alert = () => this.page.getByRole('main').getByRole('alert').filter({ hasText: /\S/ }).first();

  async pay(amount: string, method?: string) {
    await this.payButton().click();
    if (method) await this.payMethod().selectOption({ label: method });
    await this.payAmount().fill(amount);
    await this.payRecord().click();
  }

  async voidWith(reason: string) {
    await this.voidButton().click();
    await this.voidReason().fill(reason);
    await this.voidConfirm().click();
  }

  // "Facturar" on a sale (/sales/history/:saleId)
  invoiceSaleButton = () => this.page.getByRole('button', { name: 'Facturar' });
  invoiceSaleDialog = (): Locator => this.page.getByRole('dialog', { name: /^Facturar la venta / });
  invoiceSaleConfirm = () => this.invoiceSaleDialog().getByRole('button', { name: 'Emitir factura' });

  // Quotes (/quotes, /quotes/:id)
  quotesTable = () => this.page.getByRole('table', { name: 'Presupuestos' });
  newQuoteLink = () => this.page.getByRole('link', { name: 'Nuevo presupuesto' });
  validUntil = () => this.page.getByLabel('Válido hasta');
  sendQuote = () => this.page.getByRole('button', { name: 'Enviar presupuesto por correo' });
  convertQuote = () => this.page.getByRole('button', { name: 'Convertir en factura' });
  convertDialog = () => this.page.getByRole('dialog', { name: /^¿Convertir el presupuesto / });
  convertConfirm = () => this.convertDialog().getByRole('button', { name: 'Emitir factura' });
  toSale = () => this.page.getByRole('button', { name: 'Convertir en venta' });
  editQuote = () => this.page.getByRole('button', { name: 'Editar presupuesto' });
  saleLink = () => this.page.getByRole('link', { name: /^Ver la venta T-/ });
  /** On the sale screen: the notice naming the quote the cart converts. */
  quoteNotice = () => this.page.getByRole('link', { name: /^Venta del presupuesto Q-/ });
}

import type { Page } from '@playwright/test';

/** The sale screen (/sales), in Spanish, driven by the keyboard as a cashier does. */
export class SalePage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/sales');
  }

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Venta' });
  scanField = () => this.page.getByRole('combobox', { name: 'Escanear o buscar' });
  results = () => this.page.getByRole('listbox', { name: 'Productos encontrados' });
  cart = () => this.page.getByRole('table', { name: 'Ticket en curso' });
  /** The cart line of a product (row header = product name). */
  line = (productName: string) =>
    this.cart()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: productName, exact: true }) });
  qtyField = (productName: string) => this.page.getByRole('textbox', { name: `Cantidad de ${productName}` });
  discountField = (productName: string) =>
    this.page.getByRole('textbox', { name: `Descuento de ${productName}` });
  removeButton = (productName: string) => this.page.getByRole('button', { name: `Quitar ${productName}` });
  totals = () => this.page.getByRole('definition').filter({ hasText: /\d/ });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();
  alert = () => this.page.getByRole('main').getByRole('alert').filter({ hasText: /\S/ }).first();
  shortcuts = () => this.page.getByRole('list', { name: 'Atajos de teclado' });
  noShiftPrompt = () => this.page.getByRole('region', { name: 'No hay un turno de caja abierto' });
  openShiftLink = () => this.page.getByRole('link', { name: 'Abrir turno' });

  /** A scanner's burst: the code typed at once, then Enter, with focus in the scan field. */
  async scan(code: string) {
    await this.page.keyboard.type(code);
    await this.page.keyboard.press('Enter');
  }

  /** Types a search and adds the highlighted result (↓ moves the highlight `down` times). */
  async searchAndAdd(text: string, down = 0) {
    await this.page.keyboard.type(text, { delay: 60 });
    await this.results().getByRole('option').first().waitFor();
    for (let i = 0; i < down; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
  }

  // Pay dialog (F2)
  payDialog = () => this.page.getByRole('dialog', { name: 'Cobrar' });
  paymentMethod = () => this.payDialog().getByLabel('Forma de pago');
  /** Cash: "Entregado"; card and other methods: "Importe". Blank means exactly what is due. */
  tenderedField = () => this.payDialog().getByLabel('Entregado');
  amountField = () => this.payDialog().getByLabel('Importe');
  referenceField = () => this.payDialog().getByLabel('Referencia');
  change = () => this.payDialog().getByRole('status');

  /** F2, type what the customer hands over in cash, Enter: the sale is recorded when fully paid. */
  async payCash(tendered: string) {
    await this.page.keyboard.press('F2');
    await this.tenderedField().waitFor();
    await this.page.keyboard.type(tendered);
    await this.page.keyboard.press('Enter');
  }

  // Cart discount dialog (F4)
  discountDialog = () => this.page.getByRole('dialog', { name: 'Descuento del ticket' });
  cartDiscountField = () => this.discountDialog().getByLabel('Descuento', { exact: true });

  // Parked sales (F6 parks; the "Tickets aparcados" button lists them)
  parkedButton = () => this.page.getByRole('button', { name: 'Tickets aparcados' });
  parkedDialog = () => this.page.getByRole('dialog', { name: 'Tickets aparcados' });
  resumeButtons = () => this.parkedDialog().getByRole('button', { name: /^Recuperar ticket de / });

  // New sale (F8) asks before discarding a non-empty cart
  newSaleDialog = () => this.page.getByRole('dialog', { name: '¿Empezar una venta nueva?' });

  // The receipt after recording
  lastReceipt = () => this.page.getByRole('region', { name: 'Último ticket' });
  receipt = () => this.lastReceipt().getByRole('article', { name: /^Ticket / });
  paperSelect = () => this.page.getByLabel('Formato de impresión');
  printButton = () => this.page.getByRole('button', { name: 'Imprimir ticket' });
}

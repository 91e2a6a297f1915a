import type { Page } from '@playwright/test';

/** Refunds (/sales/refund): find a receipt by number or scan, choose lines and quantities. */
export class RefundPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/sales/refund');
  }

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Devoluciones' });
  receiptField = () => this.page.getByRole('textbox', { name: 'Número de ticket' });
  findButton = () => this.page.getByRole('button', { name: 'Buscar ticket' });
  lines = () => this.page.getByRole('table', { name: 'Líneas del ticket' });
  qtyField = (productName: string) =>
    this.page.getByRole('textbox', { name: `Cantidad a devolver de ${productName}` });
  /** "Vuelve al stock" or "Merma". */
  dispositionSelect = (productName: string) =>
    this.page.getByRole('combobox', { name: `Destino de ${productName}` });
  /** "Forma de pago original" or "Efectivo". */
  methodSelect = () => this.page.getByRole('combobox', { name: 'Reembolso' });
  reasonField = () => this.page.getByRole('textbox', { name: 'Motivo' });
  submitButton = () => this.page.getByRole('button', { name: 'Registrar devolución' });
  status = () =>
    this.page
      .getByRole('main')
      .getByRole('status')
      .filter({ hasText: /^Devolución / });
  approvalDialog = () => this.page.getByRole('dialog', { name: 'Autorización necesaria' });
  approvalPin = () => this.approvalDialog().getByLabel('PIN de autorización');

  /** Finds the receipt (typed, then Enter), refunds `qty` of one product, and submits. */
  async refund(receiptNumber: string, productName: string, qty: string, writeOff = false) {
    await this.receiptField().fill(receiptNumber);
    await this.receiptField().press('Enter');
    await this.qtyField(productName).fill(qty);
    if (writeOff) await this.dispositionSelect(productName).selectOption({ label: 'Merma' });
    await this.submitButton().click();
  }
}

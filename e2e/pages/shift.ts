import type { Page } from '@playwright/test';

/** Shifts: /shifts (X report, paid-in/out), /shifts/open (float count), /shifts/:id/close (Z report). */
export class ShiftPage {
  constructor(readonly page: Page) {}

  async openCurrent() {
    await this.page.goto('/shifts');
  }

  heading = () => this.page.getByRole('heading', { level: 1 });

  // Open: one "Unidades de <value>" field per note and coin, e.g. "Unidades de 20,00 €".
  openHeading = () => this.page.getByRole('heading', { level: 1, name: 'Abrir turno' });
  floatGrid = () => this.page.getByRole('table', { name: 'Recuento del fondo' });
  piecesField = (formattedValue: string) =>
    this.page.getByRole('textbox', { name: `Unidades de ${formattedValue}`, exact: true });
  floatTotal = () => this.page.getByRole('status').filter({ hasText: /^Fondo inicial:/ });
  openButton = () => this.page.getByRole('button', { name: 'Abrir turno' });

  /** Counts the float on /shifts/open, e.g. { '20,00 €': 2, '1,00 €': 5 }, and opens the shift. */
  async open(pieces: Record<string, number>) {
    await this.page.goto('/shifts/open');
    for (const [value, count] of Object.entries(pieces)) await this.piecesField(value).fill(String(count));
    await this.openButton().click();
  }

  // The open shift
  xReport = () => this.page.getByRole('article', { name: 'Informe X' });
  paidInButton = () => this.page.getByRole('button', { name: 'Entrada de caja' });
  paidOutButton = () => this.page.getByRole('button', { name: 'Salida de caja' });
  movementDialog = (kind: 'Entrada de caja' | 'Salida de caja') =>
    this.page.getByRole('dialog', { name: kind });
  closeLink = () => this.page.getByRole('link', { name: 'Cerrar turno' });

  async paid(kind: 'Entrada de caja' | 'Salida de caja', amount: string, reason: string) {
    await this.page.getByRole('button', { name: kind }).click();
    const dialog = this.movementDialog(kind);
    await dialog.getByLabel('Importe').fill(amount);
    await dialog.getByLabel('Motivo').fill(reason);
    await dialog.getByRole('button', { name: 'Registrar' }).click();
  }

  // Close: "Contado en Efectivo", "Contado en Tarjeta", … one per expected method.
  countedField = (methodName: string) => this.page.getByRole('textbox', { name: `Contado en ${methodName}` });
  difference = (methodName: string) => this.page.getByText(new RegExp(`^Diferencia en ${methodName}:`));
  noteField = () => this.page.getByRole('textbox', { name: 'Nota de cierre' });
  closeButton = () => this.page.getByRole('button', { name: 'Cerrar turno' });
  zReport = () => this.page.getByRole('article', { name: 'Informe Z' });
  printZButton = () => this.page.getByRole('button', { name: 'Imprimir informe Z' });

  /** From /shifts: follow "Cerrar turno", type the counts and the note, close. */
  async close(counted: Record<string, string>, note?: string) {
    await this.closeLink().click();
    for (const [method, amount] of Object.entries(counted)) await this.countedField(method).fill(amount);
    if (note !== undefined) await this.noteField().fill(note);
    await this.closeButton().click();
  }
}

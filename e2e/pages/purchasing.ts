import type { Locator, Page } from '@playwright/test';

/** Suppliers (/suppliers), in Spanish. */
export class SuppliersPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/suppliers');
  }

  async create(input: { name: string; email?: string }) {
    await this.page.getByRole('button', { name: 'Nuevo proveedor' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Nuevo proveedor' });
    await dialog.getByLabel('Nombre', { exact: true }).fill(input.name);
    if (input.email) await dialog.getByLabel('Correo electrónico').fill(input.email);
    await dialog.getByRole('button', { name: 'Guardar proveedor' }).click();
  }

  row = (name: string): Locator =>
    this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
}

export interface OrderLineInput {
  search: string;
  option: string | RegExp;
  qty: string;
  unitCost: string;
}

/** Purchase orders: list (/purchase-orders), new order form and the order's detail with receiving. */
export class PurchaseOrdersPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1 });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();

  async open() {
    await this.page.goto('/purchase-orders');
  }

  table = () => this.page.getByRole('table', { name: 'Pedidos de compra' });

  async filterStatus(
    label: 'Todos' | 'Borrador' | 'Enviado' | 'Recibido en parte' | 'Recibido' | 'Cerrado' | 'Cancelado',
  ) {
    await this.page.getByLabel('Estado').selectOption({ label });
  }

  /** Creates a draft and lands on its detail ("Pedido PO-…"). */
  async create(input: { supplier: string; lines: OrderLineInput[] }) {
    await this.page.getByRole('link', { name: 'Nuevo pedido' }).click();
    await this.page.getByLabel('Proveedor').selectOption({ label: input.supplier });
    for (const [i, line] of input.lines.entries()) {
      if (i > 0) await this.page.getByRole('button', { name: 'Añadir línea' }).click();
      const group = this.page.getByRole('group', { name: `Línea ${i + 1}` });
      await group.getByRole('combobox', { name: 'Producto' }).fill(line.search);
      await this.page.getByRole('option', { name: line.option }).click();
      await group.getByLabel(/^Cantidad/).fill(line.qty);
      await group.getByLabel('Coste unitario').fill(line.unitCost);
    }
    await this.page.getByRole('button', { name: 'Crear pedido' }).click();
  }

  total = () => this.page.getByText(/^Total del pedido: /);

  async send(number: string) {
    await this.page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await this.page
      .getByRole('dialog', { name: `¿Enviar el pedido ${number}?` })
      .getByRole('button', { name: 'Enviar', exact: true })
      .click();
  }

  async close(number: string) {
    await this.page.getByRole('button', { name: 'Cerrar', exact: true }).click();
    await this.page
      .getByRole('dialog', { name: `¿Cerrar el pedido ${number}?` })
      .getByRole('button', { name: 'Cerrar', exact: true })
      .click();
  }

  async cancel(number: string) {
    await this.page.getByRole('button', { name: 'Cancelar pedido' }).click();
    await this.page
      .getByRole('dialog', { name: `¿Cancelar el pedido ${number}?` })
      .getByRole('button', { name: 'Cancelar pedido' })
      .click();
  }
}

/** The receive form on an order's detail: quantities prefilled with what is outstanding. */
export class ReceivePage {
  constructor(readonly page: Page) {}

  form = () => this.page.getByRole('form', { name: 'Recibir mercancía' });
  qty = (productName: string) => this.page.getByLabel(`Cantidad recibida de ${productName}`);
  unitCost = (productName: string) => this.page.getByLabel(`Coste unitario de ${productName}`);
  overWarning = () => this.page.getByText('Más de lo pedido.');
  overReceivedAlert = () => this.page.getByText(/^Se ha recibido más de lo pedido en \d+ líneas?\.$/);

  async open() {
    await this.page.getByRole('button', { name: 'Recibir', exact: true }).click();
  }

  /** Receives; quantities not given keep the prefilled outstanding quantity. */
  async receive(quantities: Record<string, string> = {}) {
    for (const [name, qty] of Object.entries(quantities)) await this.qty(name).fill(qty);
    await this.page.getByRole('button', { name: 'Registrar recepción' }).click();
  }
}

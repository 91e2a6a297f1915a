import type { Page } from '@playwright/test';

/** Customers (/customers): search, the form, the detail with purchase history, delete. In Spanish. */
export class CustomersPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/customers');
  }

  heading = () => this.page.getByRole('heading', { level: 1 });
  salesSections = () => this.page.getByRole('navigation', { name: 'Secciones de ventas' });
  search = () => this.page.getByRole('searchbox', { name: 'Buscar clientes' });
  newLink = () => this.page.getByRole('link', { name: 'Nuevo cliente' });
  table = () => this.page.getByRole('table', { name: 'Clientes' });
  link = (name: string) => this.table().getByRole('link', { name, exact: true });

  // The form (/customers/new, /customers/:id/edit)
  nameField = () => this.page.getByLabel('Nombre', { exact: true });
  taxIdField = () => this.page.getByLabel('NIF', { exact: true });
  emailField = () => this.page.getByLabel('Correo electrónico', { exact: true });
  phoneField = () => this.page.getByLabel('Teléfono', { exact: true });
  addressField = () => this.page.getByLabel('Dirección', { exact: true });
  notesField = () => this.page.getByLabel('Notas', { exact: true });
  saveButton = () => this.page.getByRole('button', { name: 'Guardar cliente' });

  async create(fields: { name: string; taxId?: string; email?: string; phone?: string }) {
    await this.page.goto('/customers/new');
    await this.nameField().fill(fields.name);
    if (fields.taxId) await this.taxIdField().fill(fields.taxId);
    if (fields.email) await this.emailField().fill(fields.email);
    if (fields.phone) await this.phoneField().fill(fields.phone);
    await this.saveButton().click();
    await this.page.getByRole('heading', { level: 1, name: fields.name }).waitFor();
  }

  // The detail (/customers/:id)
  details = () => this.page.getByRole('definition');
  editLink = () => this.page.getByRole('link', { name: 'Editar cliente' });
  newInvoiceLink = () => this.page.getByRole('link', { name: 'Nueva factura para este cliente' });
  salesTable = () => this.page.getByRole('table', { name: 'Ventas en el mostrador' });
  invoicesTable = () => this.page.getByRole('table', { name: 'Facturas del cliente' });
  deleteButton = () => this.page.getByRole('button', { name: 'Eliminar cliente' });
  deleteDialog = () => this.page.getByRole('dialog', { name: /^¿Eliminar a / });
  confirmDelete = () => this.deleteDialog().getByRole('button', { name: 'Eliminar', exact: true });

  // The customer picker, wherever it appears (invoice form, "Facturar", the sale's customer)
  pickerSearch = (scope = this.page.locator('body')) =>
    scope.getByRole('searchbox', { name: 'Buscar cliente' });
  pickerChoice = (scope = this.page.locator('body')) =>
    scope.getByRole('combobox', { name: 'Cliente', exact: true });

  /** Types part of the name in the picker and chooses the customer called `name`. */
  async pick(name: string, scope = this.page.locator('body')) {
    await this.pickerSearch(scope).fill(name);
    const choice = this.pickerChoice(scope);
    await choice.locator('option', { hasText: name }).first().waitFor({ state: 'attached' });
    const value = await choice.locator('option', { hasText: name }).first().getAttribute('value');
    await choice.selectOption(value ?? '');
  }

  // The sale screen's customer
  saleCustomerButton = () => this.page.getByRole('button', { name: /^Cliente: / });
  saleCustomerDialog = () => this.page.getByRole('dialog', { name: 'Cliente de la venta' });
  saleCustomerApply = () => this.saleCustomerDialog().getByRole('button', { name: 'Asignar cliente' });
}

import type { Locator, Page } from '@playwright/test';

/** The coworking bookings screens (calendar, booking dialogs, kiosk check-in, spaces), in Spanish. */
export class BookingsPage {
  constructor(readonly page: Page) {}

  main = () => this.page.getByRole('main');
  sections = () => this.page.getByRole('navigation', { name: 'Secciones de reservas' });
  status = () => this.main().getByRole('status').filter({ hasText: /\S/ }).first();

  // Spaces (/resources)
  async createResource(r: { name: string; type?: string; capacity?: number; pricePerHour: string }) {
    await this.page.goto('/resources/new');
    await this.page.getByLabel('Nombre', { exact: true }).fill(r.name);
    if (r.type) await this.page.getByLabel('Tipo', { exact: true }).selectOption({ label: r.type });
    if (r.capacity) await this.page.getByLabel('Capacidad', { exact: true }).fill(String(r.capacity));
    await this.page.getByLabel('Precio por hora').fill(r.pricePerHour);
    await this.page.getByRole('button', { name: 'Guardar espacio' }).click();
    await this.resourcesTable().getByRole('link', { name: r.name, exact: true }).waitFor();
  }
  resourcesTable = () => this.page.getByRole('table', { name: 'Espacios reservables' });

  // Calendar (/bookings)
  async openDay(date: string) {
    await this.page.goto(`/bookings?date=${date}`);
    await this.grid().waitFor();
  }
  grid = () => this.page.getByRole('grid', { name: 'Reservas por espacio y hora' });
  /** The cell of a space at a wall-clock time, e.g. ('Sala Norte', '10:00'). */
  cell = (resource: string, time: string) =>
    this.grid().getByRole('gridcell', { name: `${resource}, ${time}` });
  booking = (label: string | RegExp) => this.grid().getByRole('button', { name: label });
  legend = () => this.page.getByRole('list', { name: 'Leyenda de estados' });

  /** Drags down one column, from the cell at `from` to the cell at `to` (both included). */
  async drag(resource: string, from: string, to: string) {
    await this.cell(resource, from).scrollIntoViewIfNeeded();
    const start = await this.cell(resource, from).boundingBox();
    const end = await this.cell(resource, to).boundingBox();
    if (!start || !end) throw new Error('cells not visible');
    await this.page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 5 });
    await this.page.mouse.up();
  }

  // The booking form dialog
  form = () => this.page.getByRole('dialog', { name: 'Nueva reserva' });
  duration = () => this.form().getByLabel('Duración');
  saveButton = () => this.form().getByRole('button', { name: 'Guardar reserva' });
  conflictPanel = () => this.form().getByRole('region', { name: 'Ese hueco ya está ocupado' });
  freeSlots = () =>
    this.conflictPanel().getByRole('list', { name: 'Huecos libres más cercanos' }).getByRole('button');
  repeat = () => this.form().getByLabel('Se repite');
  repeatCount = () => this.form().getByLabel('Número de veces');
  previewButton = () => this.form().getByRole('button', { name: 'Ver las fechas' });
  previewTable = () => this.form().getByRole('table', { name: 'Fechas de la serie' });
  saveSeries = (count: number) =>
    this.form().getByRole('button', { name: `Guardar serie (${count} reservas)` });

  /** Picks a walk-in customer in the form by typing part of the name. */
  async pickCustomer(name: string, scope: Locator = this.form()) {
    await scope.getByRole('searchbox', { name: 'Buscar cliente' }).fill(name);
    const choice = scope.getByRole('combobox', { name: 'Cliente', exact: true });
    const option = choice.locator('option', { hasText: name }).first();
    await option.waitFor({ state: 'attached' });
    await choice.selectOption((await option.getAttribute('value')) ?? '');
  }

  /** Picks a member in the form by typing part of the name. */
  async pickMember(name: string, scope: Locator = this.form()) {
    await scope.getByRole('radio', { name: 'Un miembro' }).check();
    await scope.getByRole('searchbox', { name: 'Buscar miembro' }).fill(name);
    const choice = scope.getByRole('combobox', { name: 'Miembro', exact: true });
    const option = choice.locator('option', { hasText: name }).first();
    await option.waitFor({ state: 'attached' });
    await choice.selectOption((await option.getAttribute('value')) ?? '');
  }

  // The booking detail dialog
  detail = (code?: string) => this.page.getByRole('dialog', { name: code ? `Reserva ${code}` : /^Reserva / });
  checkInButton = () => this.detail().getByRole('button', { name: 'Hacer check-in' });

  // Kiosk (/bookings/check-in)
  kioskField = () => this.page.getByLabel('Código de la reserva');
  kioskWelcome = () => this.main().getByRole('status').filter({ hasText: 'Bienvenido' });
}

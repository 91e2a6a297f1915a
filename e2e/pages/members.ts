import type { Page } from '@playwright/test';

/** Coworking members (/members) and membership plans (/membership-plans). In Spanish. */
export class MembersPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1 });
  main = () => this.page.getByRole('main');
  coworkingSections = () => this.page.getByRole('navigation', { name: 'Secciones de reservas' });

  // Plans
  plansTable = () => this.page.getByRole('table', { name: 'Planes' });
  planName = () => this.page.getByLabel('Nombre', { exact: true });
  planPrice = () => this.page.getByLabel(/^Precio por periodo/);
  planTax = () => this.page.getByLabel('Impuesto (%)');
  planHours = (type: string) => this.page.getByLabel(`${type} (horas)`);
  savePlan = () => this.page.getByRole('button', { name: 'Guardar plan' });

  async createPlan(fields: { name: string; price: string; meetingRoomHours?: string }) {
    await this.page.goto('/membership-plans/new');
    await this.planName().fill(fields.name);
    await this.planPrice().fill(fields.price);
    if (fields.meetingRoomHours) await this.planHours('Sala de reuniones').fill(fields.meetingRoomHours);
    await this.savePlan().click();
    await this.plansTable().getByRole('link', { name: fields.name }).waitFor();
  }

  // Members list and form
  search = () => this.page.getByRole('searchbox', { name: 'Buscar miembros' });
  table = () => this.page.getByRole('table', { name: 'Miembros' });
  newLink = () => this.page.getByRole('link', { name: 'Nuevo miembro' });
  nameField = () => this.page.getByLabel('Nombre', { exact: true });
  emailField = () => this.page.getByLabel('Email', { exact: true });
  taxIdField = () => this.page.getByLabel('NIF / CIF', { exact: true });
  saveMember = () => this.page.getByRole('button', { name: 'Guardar miembro' });

  // Member detail
  startForm = () => this.page.getByRole('form', { name: 'Dar de alta en el plan' });
  planChoice = () => this.startForm().getByLabel('Plan', { exact: true });
  startButton = () => this.startForm().getByRole('button', { name: 'Dar de alta en el plan' });
  membership = () => this.page.getByRole('definition');
  balances = () => this.page.getByRole('table', { name: 'Saldo de créditos' });
  ledger = () => this.page.getByRole('table', { name: 'Movimientos de créditos' });
  adjustButton = () => this.page.getByRole('button', { name: 'Ajustar créditos' });
  adjustDialog = () => this.page.getByRole('dialog', { name: 'Ajuste manual de créditos' });
  charges = () => this.page.getByRole('table', { name: 'Cargos pendientes de facturar' });
  chargeNow = () => this.main().getByRole('button', { name: 'Cobrar ahora' });
  chargeDialog = () => this.page.getByRole('dialog', { name: '¿Facturar ahora los cargos pendientes?' });
  invoices = () => this.page.getByRole('table', { name: 'Facturas' });
  status = () => this.main().getByRole('status');
}

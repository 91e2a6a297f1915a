import type { Page } from '@playwright/test';

export interface NewBusiness {
  businessName: string;
  currency: string;
  timeZone: string;
  locale: string;
  ownerName: string;
  email: string;
  password: string;
}

/** The first-run screen, in Spanish (the default language). */
export class SetupPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { name: 'Crea tu negocio' });

  async createBusiness(b: NewBusiness) {
    const p = this.page;
    await p.getByLabel('Nombre del negocio').fill(b.businessName);
    await p.getByLabel('Moneda').selectOption(b.currency);
    await p.getByLabel('Zona horaria').selectOption(b.timeZone);
    await p.getByLabel('Formato regional').selectOption(b.locale);
    await p.getByLabel('Tu nombre').fill(b.ownerName);
    await p.getByLabel('Correo electrónico').fill(b.email);
    await p.getByLabel('Contraseña').fill(b.password);
    await p.getByRole('button', { name: 'Crear negocio' }).click();
  }
}

import type { Page } from '@playwright/test';

export interface EnrollDetails {
  hubUrl: string;
  code: string;
  deviceName: string;
}

/** Settings → Sync and the header's sync badge, in Spanish (the default language). */
export class SyncPage {
  constructor(readonly page: Page) {}

  main = () => this.page.getByRole('main');
  /** The header badge: a live region whose text is a link to this page. */
  badge = () => this.page.getByRole('banner').locator('.sync-badge[role="status"]');
  heading = () => this.main().getByRole('heading', { name: 'Sincronización', level: 2 });
  settingsSections = () => this.main().getByRole('navigation', { name: 'Secciones de ajustes' });

  /** One of the status facts, by its term ("Estado", "Cambios pendientes", "Último envío correcto"…). */
  fact = (term: string) => this.main().locator(`dl.sync-facts dt:text-is("${term}") + dd`);

  enrollHeading = () => this.main().getByRole('heading', { name: 'Conectar con un hub' });
  hubUrlField = () => this.main().getByLabel('Dirección del hub');
  codeField = () => this.main().getByLabel('Código de un solo uso');
  deviceNameField = () => this.main().getByLabel('Nombre de este dispositivo');
  checkButton = () => this.main().getByRole('button', { name: 'Comprobar el código' });
  connectButton = () => this.main().getByRole('button', { name: 'Conectar', exact: true });
  preview = () => this.main().getByRole('region', { name: 'Qué va a pasar' });
  leaveBehindCheckbox = () =>
    this.main().getByLabel('Entiendo que estos datos se quedan en esta consola sin subirse');
  alerts = () => this.main().getByRole('alert');

  syncNowButton = () => this.main().getByRole('button', { name: 'Sincronizar ahora' });
  deadLetters = () => this.main().getByRole('region', { name: 'Cambios que no se pudieron enviar' });
  conflicts = () => this.main().getByRole('region', { name: 'Conflictos por revisar' });

  async openFromBadge() {
    await this.badge().getByRole('link').click();
  }

  async openFromSettings() {
    await this.page
      .getByRole('navigation', { name: 'Navegación principal' })
      .getByRole('link', { name: 'Ajustes' })
      .click();
    await this.settingsSections().getByRole('link', { name: 'Sincronización' }).click();
  }

  /** Types the hub, code and device name and presses Enter in the last field: asks for the preview. */
  async checkCode(details: EnrollDetails) {
    await this.hubUrlField().fill(details.hubUrl);
    await this.codeField().fill(details.code);
    await this.deviceNameField().fill(details.deviceName);
    await this.deviceNameField().press('Enter');
  }
}

import type { Page } from '@playwright/test';

/** The "Cambiar usuario" PIN pad in the header and the acting-user controls, in Spanish. */
export class PinPad {
  constructor(readonly page: Page) {}

  dialog = () => this.page.getByRole('dialog', { name: 'Cambiar usuario' });
  error = () => this.dialog().getByRole('alert');

  async open() {
    await this.page.getByRole('banner').getByRole('button', { name: 'Cambiar usuario' }).click();
  }

  /** Types the PIN with the keyboard and submits with Enter. */
  async enterWithKeyboard(pin: string) {
    await this.dialog().getByLabel('PIN', { exact: true }).pressSequentially(pin);
    await this.page.keyboard.press('Enter');
  }

  /** Clicks the on-screen digit keys, then "Cambiar". */
  async enterWithButtons(pin: string) {
    const keys = this.dialog().getByRole('group', { name: 'Teclado numérico' });
    for (const digit of pin) await keys.getByRole('button', { name: digit, exact: true }).click();
    await this.dialog().getByRole('button', { name: 'Cambiar', exact: true }).click();
  }

  /** "Volver a {name}" returns to the signed-in account. */
  async switchBack(accountName: string) {
    await this.page.getByRole('button', { name: `Volver a ${accountName}` }).click();
  }

  /** Header line "En la sesión de {name}" under the acting user. */
  actingFor = (accountName: string) =>
    this.page.getByRole('banner').getByText(`En la sesión de ${accountName}`);
}

/** The account screen (/account): password, PIN and sessions, in Spanish. */
export class AccountPage {
  constructor(readonly page: Page) {}

  async openFromHeader(name: string) {
    await this.page.getByRole('link', { name: `Mi cuenta: ${name}` }).click();
  }

  async setPin(pin: string, currentPassword: string) {
    await this.page.getByLabel('PIN nuevo').fill(pin);
    await this.page.locator('#account-pin-password').fill(currentPassword);
    await this.page.getByRole('button', { name: 'Guardar PIN' }).click();
  }

  async changePassword(currentPassword: string, newPassword: string) {
    await this.page.locator('#account-current-password').fill(currentPassword);
    await this.page.getByLabel('Nueva contraseña').fill(newPassword);
    await this.page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  }

  thisDevice = () => this.page.getByRole('rowheader').filter({ hasText: 'Este dispositivo' });

  async signOutOthers() {
    await this.page.getByRole('button', { name: 'Cerrar las demás sesiones' }).click();
    await this.page
      .getByRole('dialog', { name: '¿Cerrar las demás sesiones?' })
      .getByRole('button', { name: 'Cerrar las demás sesiones' })
      .click();
  }
}

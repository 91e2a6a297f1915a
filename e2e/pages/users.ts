import type { Locator, Page } from '@playwright/test';

type TenantRoleLabel = 'Propietario' | 'Administrador' | 'Personal';

/** The Users screen (/users), in Spanish: members, invitations and the invite form. */
export class UsersPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Usuarios' });
  status = () => this.page.getByRole('main').getByRole('status').filter({ hasText: /\S/ }).first();

  async open() {
    await this.page.goto('/users');
  }

  /** The members-table row of a member, found by email. */
  memberRow = (email: string): Locator =>
    this.page.getByRole('row').filter({ has: this.page.getByRole('cell', { name: email, exact: true }) });

  /** The invitations-table row of an email (its row header). */
  invitationRow = (email: string): Locator =>
    this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: email, exact: true }) });

  async invite(email: string, role: TenantRoleLabel = 'Personal') {
    await this.page.getByLabel('Correo electrónico').fill(email);
    await this.page.getByLabel('Rol', { exact: true }).selectOption({ label: role });
    await this.page.getByRole('button', { name: 'Enviar invitación' }).click();
  }

  /** Options the invite form's role select offers (limited by canGrant). */
  inviteRoleOptions = () => this.page.getByLabel('Rol', { exact: true }).locator('option').allTextContents();

  async changeRole(name: string, email: string, role: TenantRoleLabel) {
    const row = this.memberRow(email);
    await row.getByLabel(`Rol de ${name}`).selectOption({ label: role });
    await row.getByRole('button', { name: 'Guardar rol' }).click();
  }

  confirmDialog = (title: string | RegExp) => this.page.getByRole('dialog', { name: title });

  async deactivate(name: string, email: string) {
    await this.memberRow(email).getByRole('button', { name: 'Desactivar' }).click();
    await this.confirmDialog(`¿Desactivar a ${name}?`).getByRole('button', { name: 'Desactivar' }).click();
  }

  async reactivate(email: string) {
    await this.memberRow(email).getByRole('button', { name: 'Reactivar' }).click();
  }

  async remove(name: string, email: string) {
    await this.memberRow(email).getByRole('button', { name: 'Quitar del negocio' }).click();
    await this.confirmDialog(`¿Quitar a ${name} del negocio?`)
      .getByRole('button', { name: 'Quitar del negocio' })
      .click();
  }

  async resend(email: string) {
    await this.invitationRow(email).getByRole('button', { name: 'Reenviar' }).click();
  }

  async revoke(email: string) {
    await this.invitationRow(email).getByRole('button', { name: 'Revocar' }).click();
    await this.confirmDialog(`¿Revocar la invitación de ${email}?`)
      .getByRole('button', { name: 'Revocar' })
      .click();
  }

  /** Error shown under a field of the invite form, e.g. 'Correo electrónico' or 'Rol'. */
  fieldError = (label: string) =>
    this.page
      .locator('.field')
      .filter({ has: this.page.getByLabel(label, { exact: true }) })
      .locator('.field-error');
}

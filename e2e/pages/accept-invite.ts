import type { Page } from '@playwright/test';

/** /invite/:token, signed out, in Spanish. */
export class AcceptInvitePage {
  constructor(readonly page: Page) {}

  async open(token: string) {
    await this.page.goto(`/invite/${token}`);
  }

  /** "Únete a {business}". */
  heading = (businessName: string) => this.page.getByRole('heading', { name: `Únete a ${businessName}` });
  /** Shown for expired, revoked, used or invalid links. */
  unusableHeading = () => this.page.getByRole('heading', { name: 'Esta invitación no se puede usar' });
  alert = () => this.page.getByRole('alert').filter({ hasText: /\S/ });

  async accept(name: string, password: string) {
    await this.page.getByLabel('Tu nombre').fill(name);
    await this.page.getByLabel('Contraseña').fill(password);
    await this.page.getByRole('button', { name: 'Aceptar invitación' }).click();
  }
}

/** /forgot-password and /reset-password/:token, in Spanish. */
export class PasswordResetPage {
  constructor(readonly page: Page) {}

  sentMessage = () =>
    this.page.getByText(
      'Si existe una cuenta con ese correo, te hemos enviado un enlace para restablecer la contraseña.',
    );

  async requestLink(email: string) {
    await this.page.getByRole('link', { name: '¿Has olvidado tu contraseña?' }).click();
    await this.page.getByLabel('Correo electrónico').fill(email);
    await this.page.getByRole('button', { name: 'Enviar enlace' }).click();
  }

  async complete(token: string, password: string) {
    await this.page.goto(`/reset-password/${token}`);
    await this.page.getByLabel('Nueva contraseña').fill(password);
    await this.page.getByRole('button', { name: 'Guardar contraseña' }).click();
  }

  doneMessage = () => this.page.getByText('Contraseña cambiada. Ya puedes iniciar sesión.');
}

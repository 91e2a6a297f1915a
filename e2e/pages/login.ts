import type { Page } from '@playwright/test';

export class LoginPage {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string, lang: 'es' | 'en' = 'es') {
    const p = this.page;
    await p.getByLabel(lang === 'es' ? 'Correo electrónico' : 'Email').fill(email);
    await p.getByLabel(lang === 'es' ? 'Contraseña' : 'Password').fill(password);
    await p.getByRole('button', { name: lang === 'es' ? 'Entrar' : 'Sign in' }).click();
  }
}

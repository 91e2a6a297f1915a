import type { Page } from '@playwright/test';

/** The signed-in app layout: header, navigation, language switcher. */
export class Shell {
  constructor(readonly page: Page) {}

  nav = (name: 'Navegación principal' | 'Main navigation' = 'Navegación principal') =>
    this.page.getByRole('navigation', { name });
  banner = () => this.page.getByRole('banner');
  syncBadge = () => this.page.getByRole('status').filter({ hasText: /Solo local|Local only/ });

  async switchLanguage(lang: 'es' | 'en') {
    await this.page.getByLabel('Idioma / Language').first().selectOption(lang);
  }

  async signOut(label: 'Cerrar sesión' | 'Sign out' = 'Cerrar sesión') {
    await this.page.getByRole('button', { name: label }).click();
  }
}

import type { Page } from '@playwright/test';

/** The opening hours of a space's form or of the business booking settings, in Spanish. */
export class OpeningHoursPage {
  constructor(readonly page: Page) {}

  ownHours = () => this.page.getByRole('checkbox', { name: 'Horario propio' });
  day = (name: string) => this.page.getByRole('group', { name, exact: true });
  /** The time inputs of interval `n` (1-based) of a weekday written as in a sentence ('martes'). */
  opens = (n: number, day: string) => this.page.getByLabel(`Abre, tramo ${n} del ${day}`, { exact: true });
  closes = (n: number, day: string) => this.page.getByLabel(`Cierra, tramo ${n} del ${day}`, { exact: true });
  add = (day: string) => this.page.getByRole('button', { name: `Añadir tramo al ${day}`, exact: true });
  remove = (n: number, day: string) =>
    this.page.getByRole('button', { name: `Quitar tramo ${n} del ${day}`, exact: true });
}

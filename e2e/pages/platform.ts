import type { Page } from '@playwright/test';

type StatusAction = 'Activar' | 'Suspender' | 'Reactivar' | 'Cancelar el negocio';

/** The super-admin platform console (/platform and /platform/tenants/:id), in Spanish. */
export class PlatformPage {
  constructor(readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { level: 1, name: 'Plataforma' });
  tenantLink = (name: string) => this.page.getByRole('link', { name, exact: true });
  /** "{n} negocio(s)". */
  count = () => this.page.getByRole('status').filter({ hasText: /negocios?$/ });

  async search(text: string) {
    await this.page.getByLabel('Buscar por nombre').fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Status labels: Prueba, Activo, Pago pendiente, Suspendido, Cancelado (or Todos). */
  async filterStatus(label: string) {
    await this.page.getByLabel('Estado', { exact: true }).selectOption({ label });
  }

  /** Plan labels: Gratis, Inicial, Pro, Empresa (or Todos). */
  async filterPlan(label: string) {
    await this.page.getByLabel('Plan', { exact: true }).selectOption({ label });
  }

  async openTenant(name: string) {
    await this.tenantLink(name).click();
  }

  /** Opens the reason dialog of a status action, types the reason and confirms. */
  async changeStatus(tenantName: string, action: StatusAction, reason: string) {
    await this.page.getByRole('button', { name: action, exact: true }).click();
    const title = {
      Activar: `¿Activar ${tenantName}?`,
      Suspender: `¿Suspender ${tenantName}?`,
      Reactivar: `¿Reactivar ${tenantName}?`,
      'Cancelar el negocio': `¿Cancelar ${tenantName}?`,
    }[action];
    const dialog = this.page.getByRole('dialog', { name: title });
    await dialog.getByLabel('Motivo').fill(reason);
    await dialog.getByRole('button', { name: action, exact: true }).click();
  }

  async changePlan(planLabel: string, reason: string) {
    await this.page.getByLabel('Plan nuevo').selectOption({ label: planLabel });
    await this.page.locator('#tenant-plan-reason').fill(reason);
    await this.page.getByRole('button', { name: 'Cambiar plan' }).click();
  }

  trail = () => this.page.getByRole('table', { name: 'Auditoría del negocio' });

  async openSupport() {
    await this.page.getByRole('button', { name: 'Abrir en modo soporte' }).click();
  }

  supportBanner = () => this.page.getByRole('region', { name: 'Aviso del negocio' });

  async exitSupport() {
    await this.page.getByRole('button', { name: 'Salir del modo soporte' }).click();
  }
}

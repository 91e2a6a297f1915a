import { expect, test } from './fixtures';
import { LoginPage } from './pages/login';
import { type NewBusiness, SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

const business: NewBusiness = {
  businessName: 'Ferretería Ñandú',
  currency: 'MXN',
  timeZone: 'America/Mexico_City',
  locale: 'es-MX',
  ownerName: 'Lucía Gómez',
  email: 'lucia@example.com',
  password: 'martillo-y-clavos',
};

const AREAS_ES = [
  'Panel',
  'Ventas',
  'Catálogo',
  'Existencias',
  'Compras',
  'Reservas',
  'Facturación',
  'Usuarios',
  'Auditoría',
  'Ajustes',
];
const AREAS_EN = [
  'Dashboard',
  'Sales',
  'Catalog',
  'Stock',
  'Purchasing',
  'Bookings',
  'Billing',
  'Users',
  'Audit',
  'Settings',
];

test('a new owner creates the business, signs out and in, and switches language', async ({ page }) => {
  await page.goto('/');
  const setup = new SetupPage(page);
  await expect(setup.heading()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');

  await setup.createBusiness(business);

  const shell = new Shell(page);
  await expect(shell.banner()).toContainText('Ferretería Ñandú');
  await expect(shell.banner()).toContainText('Lucía Gómez');
  await expect(shell.syncBadge()).toHaveText('Solo local');
  await expect(shell.nav().getByRole('link')).toHaveText(AREAS_ES);

  // An area still to come says so honestly; a built one opens with its empty state.
  await shell.nav().getByRole('link', { name: 'Facturación' }).click();
  await expect(page.getByRole('main')).toContainText('todavía no está disponible');
  await shell.nav().getByRole('link', { name: 'Reservas' }).click();
  await expect(page.getByRole('main')).toContainText('aún no tiene espacios');

  await shell.signOut();
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  await new LoginPage(page).signIn(business.email, 'wrong-password-1');
  await expect(page.getByRole('alert')).toContainText('El correo o la contraseña no son correctos.');
  await new LoginPage(page).signIn(business.email, business.password);
  await expect(shell.banner()).toContainText('Ferretería Ñandú');

  await shell.switchLanguage('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(shell.nav('Main navigation').getByRole('link')).toHaveText(AREAS_EN);
  await expect(shell.syncBadge()).toHaveText('Local only');

  await page.reload();
  await expect(shell.nav('Main navigation').getByRole('link')).toHaveText(AREAS_EN);
});

test('the first-run form shows the server and client errors next to each field', async ({ page }) => {
  await page.goto('/');
  const setup = new SetupPage(page);
  await expect(setup.heading()).toBeVisible();
  await setup.createBusiness({ ...business, email: 'not-an-email', password: 'short' });
  const email = page.getByLabel('Correo electrónico');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Contraseña')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('La contraseña es demasiado corta.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Crea tu negocio' })).toBeVisible();
});

test('the dashboard shows today in the business locale and time zone', async ({ page }) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness(business);
  const today = new Intl.DateTimeFormat('es-MX', {
    dateStyle: 'full',
    timeZone: 'America/Mexico_City',
  }).format(new Date());
  await expect(page.getByRole('main')).toContainText(today);
});

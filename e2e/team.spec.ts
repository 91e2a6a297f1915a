import { expect, test } from './fixtures';
import { AcceptInvitePage } from './pages/accept-invite';
import { AccountPage, PinPad } from './pages/pin-pad';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';
import { UsersPage } from './pages/users';

const owner = {
  businessName: 'Papelería Luna',
  currency: 'EUR',
  timeZone: 'Europe/Madrid',
  locale: 'es-ES',
  ownerName: 'Lucía Gómez',
  email: 'lucia@example.com',
  password: 'tinta-y-papel-22',
};

test('the owner invites staff by email; staff joins, switches in by PIN, and loses access when deactivated', async ({
  page,
  browser,
  mailbox,
  served,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness(owner);
  const shell = new Shell(page);
  await expect(shell.banner()).toContainText('Papelería Luna');

  const users = new UsersPage(page);
  await shell.nav().getByRole('link', { name: 'Usuarios' }).click();
  await expect(users.heading()).toBeVisible();
  await users.invite('sam@example.com', 'Personal');
  await expect(page.getByText('Invitación enviada a sam@example.com.')).toBeVisible();

  const mail = await mailbox.waitForMessage((m) => m.to.includes('sam@example.com'));
  expect(mail.subject).toBe('Lucía Gómez te invita a Papelería Luna en Mostrador');
  const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[\w-]+/)?.[0];
  expect(link?.startsWith(served.url)).toBe(true);

  const staffContext = await browser.newContext({ locale: 'es-ES' });
  const staffPage = await staffContext.newPage();
  await staffPage.goto(link as string);
  const accept = new AcceptInvitePage(staffPage);
  await expect(staffPage.getByRole('heading', { name: 'Únete a Papelería Luna' })).toBeVisible();
  await accept.accept('Sam Ruiz', 'cuaderno-azul-77');
  const staffShell = new Shell(staffPage);
  await expect(staffShell.banner()).toContainText('Sam Ruiz');
  await expect(staffShell.nav().getByRole('link', { name: 'Usuarios' })).toHaveCount(0);
  await expect(staffShell.nav().getByRole('link', { name: 'Facturación' })).toHaveCount(0);
  await staffPage.goto('/users');
  await expect(staffPage.getByRole('heading', { level: 1, name: 'Usuarios' })).toHaveCount(0);

  const account = new AccountPage(staffPage);
  await account.openFromHeader('Sam Ruiz');
  await account.setPin('2580', 'cuaderno-azul-77');
  await expect(staffPage.getByText('PIN guardado.')).toBeVisible();

  // The same link cannot be used twice.
  const reuse = await browser.newContext();
  const reusePage = await reuse.newPage();
  await reusePage.goto(link as string);
  await expect(reusePage.getByRole('heading', { name: 'Esta invitación no se puede usar' })).toBeVisible();
  await reuse.close();

  // At the owner's counter, Sam switches in by PIN and back.
  const pad = new PinPad(page);
  await pad.open();
  await pad.enterWithKeyboard('2580');
  await expect(pad.actingFor('Lucía Gómez')).toBeVisible();
  await expect(shell.nav().getByRole('link', { name: 'Usuarios' })).toHaveCount(0);
  await pad.switchBack('Lucía Gómez');
  await expect(shell.nav().getByRole('link', { name: 'Usuarios' })).toBeVisible();

  // Deactivation ends Sam's session at once.
  await shell.nav().getByRole('link', { name: 'Usuarios' }).click();
  await users.deactivate('Sam Ruiz', 'sam@example.com');
  await expect(users.memberRow('sam@example.com').getByRole('button', { name: 'Reactivar' })).toBeVisible();
  await staffPage.reload();
  await expect(staffPage.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  await staffContext.close();
});

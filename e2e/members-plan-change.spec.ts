import { expect, test } from './fixtures';
import { MembersPage } from './pages/members';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('a scheduled downgrade undone from the member page, and a change to a fixed-desk plan that asks for the desk', async ({
  page,
}) => {
  test.setTimeout(120_000); // three plans, a member and five plan actions: long on a shared machine
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Norte',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Marta Ruiz',
    email: 'marta@example.com',
    password: 'salas-y-mesas-9',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Norte');
  const members = new MembersPage(page);
  await members.createPlan({ name: 'Flex', price: '150,00' });
  await members.createPlan({ name: 'Grande', price: '300,00' });
  // A dearer plan with a fixed desk.
  await page.goto('/membership-plans/new');
  await members.planName().fill('Fijo');
  await members.planPrice().fill('400,00');
  await page.getByLabel('Incluye puesto fijo asignado').check();
  await members.savePlan().click();
  await members.plansTable().getByRole('link', { name: 'Fijo' }).waitFor();

  await page.goto('/members/new');
  await members.nameField().fill('Lucía Gómez');
  await members.saveMember().click();
  await expect(members.heading()).toHaveText('Lucía Gómez');
  await members.planChoice().selectOption({ label: 'Grande' });
  await members.startButton().click();

  // Down to Flex: it waits for the next period; "Mantener Grande" undoes it.
  await members.main().getByRole('button', { name: 'Cambiar de plan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cambiar de plan' });
  const choose = async (plan: string) => {
    const value = await dialog.getByRole('option', { name: new RegExp(`^${plan} · `) }).getAttribute('value');
    await dialog.getByLabel('Nuevo plan').selectOption(value as string);
  };
  await choose('Flex');
  await dialog.getByRole('button', { name: 'Cambiar plan' }).click();
  await expect(dialog).toBeHidden();
  await expect(members.main()).toContainText('Plan desde el próximo periodo');
  await members
    .main()
    .getByRole('button', { name: 'Mantener Grande (deshacer el cambio programado)' })
    .click();
  await expect(members.status()).toContainText('la membresía sigue en Grande');
  await expect(members.main()).not.toContainText('Plan desde el próximo periodo');

  // Up to Fijo: the dialog asks which desk, and refuses to go on without one.
  await members.main().getByRole('button', { name: 'Cambiar de plan' }).click();
  await choose('Fijo');
  const desk = dialog.getByLabel('Puesto asignado');
  await expect(desk).toBeVisible();
  await dialog.getByRole('button', { name: 'Cambiar plan' }).click();
  await expect(desk).toHaveAccessibleDescription(/indica cuál/);
  await desk.fill('D-12');
  await dialog.getByRole('button', { name: 'Cambiar plan' }).click();
  await expect(dialog).toBeHidden();
  await expect(members.membership().filter({ hasText: 'D-12' })).toBeVisible();
  await expect(members.membership().filter({ hasText: 'Fijo' })).toBeVisible();

  // While the membership renews, she cannot be marked as left: the form says to cancel it first.
  await members.main().getByRole('link', { name: 'Editar datos' }).click();
  const status = page.getByLabel('Estado', { exact: true });
  await status.selectOption({ label: 'Baja' });
  await members.saveMember().click();
  await expect(status).toHaveAccessibleDescription(/cancélala antes de darlo de baja/);
});

import { expect, test } from './fixtures';
import { MembersPage } from './pages/members';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

test('a plan with meeting-room hours, a member started on it, a manual adjustment and "charge now"', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Centro',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Marta Ruiz',
    email: 'marta@example.com',
    password: 'salas-y-mesas-9',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Centro');
  // An invoice carries the seller's legal name and tax id: a business issues none without them.
  const legal = await page.request.patch('/api/tenant', {
    data: { legalName: 'Cowork Centro S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' },
  });
  expect(legal.status(), await legal.text()).toBe(200);
  const members = new MembersPage(page);

  // A monthly plan with 10 meeting-room hours.
  await page.goto('/membership-plans');
  await expect(members.main()).toContainText('Todavía no hay planes');
  await members.createPlan({ name: 'Flex 10', price: '150,00', meetingRoomHours: '10' });
  await expect(members.plansTable()).toContainText('150,00');
  await expect(members.plansTable()).toContainText('Sala de reuniones: 10 h');

  // A member, from the list, by keyboard.
  await members.coworkingSections().getByRole('link', { name: 'Miembros' }).click();
  await expect(members.main()).toContainText('Todavía no hay miembros');
  await members.newLink().click();
  await expect(members.nameField()).toBeFocused();
  await page.keyboard.type('Lucía Gómez');
  await members.emailField().fill('lucia@example.com');
  await members.taxIdField().fill('12345678Z');
  await page.keyboard.press('Enter');
  await expect(members.heading()).toHaveText('Lucía Gómez');

  // Start the membership today: the period's hours are granted and its fee is pending.
  await members.planChoice().selectOption({ label: 'Flex 10' });
  await members.startButton().click();
  await expect(members.balances()).toContainText('Sala de reuniones');
  await expect(members.balances()).toContainText('10 h');
  await expect(members.charges()).toContainText(/Flex 10 · \d{2}\/\d{2}\/\d{4} – /);
  await expect(members.charges()).toContainText('150,00');

  // A manual adjustment needs a note; then the balance drops by 1,5 h.
  await members.adjustButton().click();
  const dialog = members.adjustDialog();
  await dialog.getByLabel('Horas').fill('-1,5');
  await dialog.getByRole('button', { name: 'Guardar ajuste' }).click();
  await expect(dialog.getByLabel('Nota')).toHaveAccessibleDescription(/Escribe una nota/);
  await dialog.getByLabel('Nota').fill('Reserva hecha en papel');
  await dialog.getByRole('button', { name: 'Guardar ajuste' }).click();
  await expect(dialog).toBeHidden();
  await expect(members.balances()).toContainText('8,5 h');
  await expect(members.ledger()).toContainText('Reserva hecha en papel');

  // Charge now: one invoice for the pending charges, listed on the member and opened from there.
  await members.chargeNow().click();
  await expect(members.chargeDialog()).toContainText('150,00');
  await members.chargeDialog().getByRole('button', { name: 'Cobrar ahora' }).click();
  await expect(members.main()).toContainText('No hay cargos pendientes.');
  const invoiceLink = members.invoices().getByRole('link', { name: /^F-/ });
  await expect(invoiceLink).toBeVisible();
  await expect(members.invoices()).toContainText('150,00');
  await invoiceLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/F-/);
  await expect(page.getByRole('main')).toContainText('Lucía Gómez');
});

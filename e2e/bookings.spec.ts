import { expect, test } from './fixtures';
import { BookingsPage } from './pages/bookings';
import { OpeningHoursPage } from './pages/opening-hours';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

const ZONE = 'Europe/Madrid';

const euros = (minor: number) =>
  new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'EUR' }).format(minor / 100);

/** A calendar date in the business's zone, `days` from today. */
function dateIn(days: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
  return parts;
}

/** The UTC instant of a wall-clock time in Madrid (the tests avoid the night of a DST change). */
function madrid(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone: ZONE }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime())).toISOString();
}

test('the front desk sets up a room, books it for a member from the calendar and sees the credits drop, gets free slots on an overlap, moves a booking by keyboard, cancels another with the late-fee warning, books a weekly series skipping a taken date, and checks a guest in by code', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Lumen',
    currency: 'EUR',
    timeZone: ZONE,
    locale: 'es-ES',
    ownerName: 'Lucía Prado',
    email: 'lucia@example.com',
    password: 'salas-y-cafe-42',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Lumen');
  // Open every day, all day, so the test does not depend on the weekday or the hour it runs.
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
  const settings = await (await page.request.get('/api/bookings/settings')).json();
  const put = await page.request.put('/api/bookings/settings', {
    data: {
      ...settings,
      openingHours: everyDay,
      rules: {
        ...settings.rules,
        checkInBeforeMin: 60,
        cancellationWindowMin: 7 * 24 * 60,
        lateFee: { kind: 'amount', amount: 500 },
      },
    },
  });
  expect(put.status(), await put.text()).toBe(200);
  const customer = await page.request.post('/api/customers', {
    data: { name: 'Marta Ruiz', email: 'marta@example.com' },
  });
  expect(customer.status(), await customer.text()).toBe(201);

  // A member whose monthly plan includes 10 meeting-room hours.
  const plan = await page.request.post('/api/membership-plans', {
    data: {
      name: 'Flex 10',
      period: 'month',
      price: 15000,
      taxRateBp: 2100,
      includedHours: [{ resourceType: 'meeting_room', hours: 10 }],
    },
  });
  expect(plan.status(), await plan.text()).toBe(201);
  const member = await page.request.post('/api/members', {
    data: { name: 'Diego Sanz', email: 'diego@example.com' },
  });
  expect(member.status(), await member.text()).toBe(201);
  const memberId = (await member.json()).id;
  const membership = await page.request.post(`/api/members/${memberId}/memberships`, {
    data: { planId: (await plan.json()).id, startsOn: dateIn(0) },
  });
  expect(membership.status(), await membership.text()).toBe(201);

  const bookings = new BookingsPage(page);
  await bookings.createResource({ name: 'Sala Norte', pricePerHour: '20' });

  // Book 10:00–11:00 tomorrow from the calendar, at the keyboard.
  const tomorrow = dateIn(1);
  await bookings.openDay(tomorrow);
  await expect(bookings.sections()).toBeVisible();
  await expect(bookings.legend()).toContainText('Confirmada');
  // A console that never enrolled with a hub books at once; the legend still names the awaiting-hub state.
  await expect(bookings.legend()).toContainText('Pendiente del hub');
  await bookings.cell('Sala Norte', '9:45').focus();
  await page.keyboard.press('ArrowDown');
  await expect(bookings.cell('Sala Norte', '10:00')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(bookings.form()).toBeVisible();
  await bookings.duration().selectOption({ label: '1 h' });
  await expect(bookings.form()).toContainText(`Precio según tarifa: ${euros(2000)}`);
  await bookings.pickMember('Diego');
  await expect(bookings.form()).toContainText('Créditos disponibles: Sala de reuniones: 10 h');
  await bookings.form().getByLabel('Asunto').fill('Reunión equipo Diego');
  await bookings.saveButton().click();
  await expect(bookings.status()).toContainText(/Reserva \w{6} guardada/);
  await expect(bookings.booking(/Reunión equipo Diego/)).toContainText('Confirmada');

  // An overlapping booking, dragged with the mouse over 09:30–10:30, is refused with free slots.
  await bookings.drag('Sala Norte', '9:30', '10:15');
  await expect(bookings.form()).toBeVisible();
  await bookings.form().getByLabel('Asunto').fill('Llamada cliente');
  await bookings.saveButton().click();
  await expect(bookings.conflictPanel()).toContainText('10:00–11:00');
  await expect(bookings.freeSlots().first()).toBeVisible();
  await bookings.freeSlots().filter({ hasText: '11:00–12:00' }).click();
  await expect(bookings.form().getByLabel('Hora de inicio')).toHaveValue('11:00');
  await bookings.saveButton().click();
  await expect(bookings.status()).toContainText(/guardada/);
  await expect(bookings.booking(/Llamada cliente/)).toBeVisible();

  // Picked up with M, moved an hour later with the arrows, put down with Enter.
  await bookings.cell('Sala Norte', '11:00').focus();
  await page.keyboard.press('m');
  await expect(bookings.main()).toContainText('Moviendo la reserva');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(bookings.status()).toContainText(/Reserva \w{6} movida/);
  await expect(bookings.cell('Sala Norte', '12:00')).toHaveAccessibleName(/Llamada cliente/);

  // Cancelling inside the cancellation window warns about the fee first.
  await bookings.booking(/Llamada cliente/).click();
  await bookings.detail().getByRole('button', { name: 'Cancelar reserva' }).click();
  const confirm = page.getByRole('dialog', { name: /^¿Cancelar la reserva/ });
  await expect(confirm).toContainText(`penalización de ${euros(500)}`);
  await confirm.getByLabel('Motivo').fill('El cliente no puede venir');
  await confirm.getByRole('button', { name: 'Cancelar la reserva' }).click();
  await expect(bookings.status()).toContainText(/Reserva \w{6} cancelada/);
  await expect(bookings.booking(/Llamada cliente/)).toHaveCount(0);

  // The week view shows the same booking in its day's column.
  await page.getByRole('button', { name: 'Semana', exact: true }).click();
  await expect(bookings.grid().getByRole('columnheader', { name: /Sala Norte/ })).toHaveCount(7);
  await expect(bookings.booking(/Reunión equipo Diego/)).toBeVisible();
  await page.getByRole('button', { name: 'Día', exact: true }).click();

  // A weekly series at 16:00 whose second date is already taken: preview, skip it, save the rest.
  const nextWeek = dateIn(8);
  const taken = await page.request.post('/api/bookings', {
    data: {
      resourceId: (await (await page.request.get('/api/resources')).json()).resources[0].id,
      startsAt: madrid(nextWeek, '16:00'),
      endsAt: madrid(nextWeek, '17:00'),
      title: 'Taller ya reservado',
    },
  });
  expect(taken.status(), await taken.text()).toBe(201);
  await bookings.cell('Sala Norte', '16:00').focus();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Enter');
  await expect(bookings.duration()).toHaveValue('60');
  await bookings.form().getByLabel('Asunto').fill('Clase semanal');
  await bookings.repeat().selectOption({ label: 'Cada semana' });
  await bookings.repeatCount().fill('3');
  await bookings.previewButton().click();
  const rows = bookings.previewTable().getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('Libre');
  await expect(rows.nth(2)).toContainText('Ocupado');
  await expect(rows.nth(3)).toContainText('Libre');
  await bookings.saveSeries(2).click();
  await expect(bookings.form().getByRole('alert')).toContainText(
    'Decide qué hacer con cada fecha en conflicto',
  );
  await rows
    .nth(2)
    .getByRole('button', { name: /^Saltar/ })
    .click();
  await expect(rows.nth(2)).toContainText('Se salta esta fecha');
  await bookings.saveSeries(2).click();
  await expect(bookings.status()).toContainText('Serie guardada: 2 reservas.');
  const series = await (await page.request.get('/api/bookings?status=confirmed')).json();
  const weekly = series.bookings.filter((b: { title: string }) => b.title === 'Clase semanal');
  expect(weekly).toHaveLength(2);
  expect(weekly.map((b: { startsAt: string }) => b.startsAt)).not.toContain(madrid(nextWeek, '16:00'));

  // The member's credits dropped by the hour booked.
  await page.goto(`/members/${memberId}`);
  const balances = page.getByRole('table', { name: 'Saldo de créditos' });
  await expect(balances.getByRole('row', { name: /Sala de reuniones/ })).toContainText('9 h');

  // A booking starting within the check-in window is checked in at the kiosk by its code.
  const soon = new Date(Math.ceil((Date.now() + 2 * 60_000) / (15 * 60_000)) * 15 * 60_000);
  const now = await page.request.post('/api/bookings', {
    data: {
      resourceId: weekly[0].resourceId,
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 30 * 60_000).toISOString(),
      customerId: (await customer.json()).id,
    },
  });
  expect(now.status(), await now.text()).toBe(201);
  const { code } = await now.json();
  await page.goto('/bookings/check-in');
  await expect(bookings.kioskField()).toBeFocused();
  await page.keyboard.type(code.toLowerCase());
  await page.keyboard.press('Enter');
  await expect(bookings.kioskWelcome()).toContainText('Marta Ruiz');
  await expect(bookings.kioskField()).toHaveValue('');
  const checkedIn = await (await page.request.get(`/api/bookings/${(await now.json()).id}`)).json();
  expect(checkedIn.status).toBe('checked_in');
});

test('a manager sets the general booking rules and opening hours, in the business’s money format', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Lumen',
    currency: 'EUR',
    timeZone: ZONE,
    locale: 'es-ES',
    ownerName: 'Lucía Prado',
    email: 'lucia@example.com',
    password: 'salas-y-cafe-42',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Lumen');
  const bookings = new BookingsPage(page);
  await page.goto('/resources');
  await page.getByRole('link', { name: 'Normas generales de reserva' }).click();
  await page.getByLabel('Antelación máxima (días)').fill('60');
  await page.getByLabel('Penalización por cancelación tardía').selectOption({ label: 'Importe fijo' });
  await page.getByLabel('Importe de la penalización').fill('7,50');
  const hours = new OpeningHoursPage(page);
  await hours.add('sábado').click();
  await hours.opens(1, 'sábado').fill('09:00');
  await hours.closes(1, 'sábado').fill('18:00');
  await page.getByRole('button', { name: 'Guardar normas' }).press('Enter');
  await expect(bookings.status()).toContainText('Normas guardadas.');
  const settings = await (await page.request.get('/api/bookings/settings')).json();
  expect(settings.rules.maxAdvanceDays).toBe(60);
  expect(settings.rules.lateFee).toEqual({ kind: 'amount', amount: 750 });
  expect(settings.openingHours.filter((i: { weekday: number }) => i.weekday === 6)).toEqual([
    { weekday: 6, open: '09:00', close: '18:00' },
  ]);
});

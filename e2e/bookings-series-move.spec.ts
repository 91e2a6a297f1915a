import { expect, test } from './fixtures';
import { BookingsPage } from './pages/bookings';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

const ZONE = 'Europe/Madrid';

/** A calendar date in the business's zone, `days` from today. */
function dateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
}

/** The UTC instant of a wall-clock time in Madrid (the test avoids the night of a DST change). */
function madrid(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone: ZONE }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime())).toISOString();
}

test('moving a whole weekly series offers no date (each booking keeps its day, as the dialog says) and changes the time of every booking', async ({
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
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
  const settings = await (await page.request.get('/api/bookings/settings')).json();
  const put = await page.request.put('/api/bookings/settings', {
    data: { ...settings, openingHours: everyDay },
  });
  expect(put.status(), await put.text()).toBe(200);
  const bookings = new BookingsPage(page);
  await bookings.createResource({ name: 'Sala Norte', pricePerHour: '20' });
  const roomId = (await (await page.request.get('/api/resources')).json()).resources[0].id;

  // A weekly class at 10:00 from tomorrow, three times.
  const days = [dateIn(1), dateIn(8), dateIn(15)];
  const created = await page.request.post('/api/bookings/series', {
    data: {
      resourceId: roomId,
      startsAt: madrid(days[0] as string, '10:00'),
      endsAt: madrid(days[0] as string, '11:00'),
      rrule: 'FREQ=WEEKLY;COUNT=3',
      title: 'Clase semanal',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const seriesId = (await created.json()).id;

  await bookings.openDay(days[0] as string);
  await bookings.booking(/Clase semanal/).click();
  await bookings.detail().getByRole('button', { name: 'Cambiar hora o espacio' }).click();
  const move = page.getByRole('dialog', { name: /^Mover la reserva/ });
  // One booking can go to another day…
  await expect(move.getByLabel('Fecha', { exact: true })).toBeVisible();
  // …the whole series cannot: the series edit keeps each booking on its own date.
  await move.getByRole('radio', { name: 'Toda la serie' }).check();
  await expect(move.getByLabel('Fecha', { exact: true })).toHaveCount(0);
  const start = move.getByLabel('Hora de inicio');
  await expect(start).toHaveAccessibleDescription(/Cada reserva de la serie conserva su día/);
  await move.getByRole('radio', { name: 'Esta y las siguientes' }).check();
  await expect(move.getByLabel('Fecha', { exact: true })).toHaveCount(0);
  await move.getByRole('radio', { name: 'Toda la serie' }).check();
  await start.fill('12:00');
  await move.getByRole('button', { name: 'Mover reserva' }).click();
  await expect(bookings.status()).toContainText('Serie cambiada.');

  const series = await (await page.request.get(`/api/bookings/series/${seriesId}`)).json();
  expect(series.bookings.map((b: { startsAt: string }) => b.startsAt)).toEqual(
    days.map((d) => madrid(d, '12:00')),
  );
});

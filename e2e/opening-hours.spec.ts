import { expect, test } from './fixtures';
import { BookingsPage } from './pages/bookings';
import { OpeningHoursPage } from './pages/opening-hours';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

const ZONE = 'Europe/Madrid';

/** The next Tuesday after today in the business's zone (never today), `YYYY-MM-DD`. */
function nextTuesday(): string {
  for (let days = 1; ; days++) {
    const at = new Date(Date.now() + days * 86_400_000);
    const weekday = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short' }).format(at);
    if (weekday === 'Tue') return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(at);
  }
}

/** The UTC instant of a wall-clock time in Madrid. */
function madrid(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone: ZONE }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime())).toISOString();
}

test('a manager gives a room a lunch break on Tuesdays at the keyboard, it survives saving and reloading, and bookings in the break are refused while the afternoon is bookable', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Siesta',
    currency: 'EUR',
    timeZone: ZONE,
    locale: 'es-ES',
    ownerName: 'Inés Vidal',
    email: 'ines@example.com',
    password: 'horario-partido-42',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Siesta');
  const bookings = new BookingsPage(page);
  await bookings.createResource({ name: 'Sala Azahar', pricePerHour: '20' });
  const resourceId: string = (await (await page.request.get('/api/resources')).json()).resources[0].id;

  // Own hours for the room; Tuesday starts as the business's 08:00–20:00.
  const hours = new OpeningHoursPage(page);
  await page.goto(`/resources/${resourceId}`);
  await hours.ownHours().focus();
  await page.keyboard.press('Space');
  await expect(hours.opens(1, 'martes')).toHaveValue('08:00');
  await hours.opens(1, 'martes').fill('09:00');
  await hours.closes(1, 'martes').fill('14:00');

  // A second interval: the add button moves focus to its first input.
  await hours.add('martes').focus();
  await page.keyboard.press('Enter');
  await expect(hours.opens(2, 'martes')).toBeFocused();
  await hours.opens(2, 'martes').fill('17:00');
  await hours.closes(2, 'martes').fill('20:30');

  // A third one added by mistake and removed: focus goes back to the interval before it.
  await hours.add('martes').focus();
  await page.keyboard.press('Enter');
  await expect(hours.opens(3, 'martes')).toBeFocused();
  await hours.remove(3, 'martes').focus();
  await page.keyboard.press('Enter');
  await expect(hours.opens(3, 'martes')).toHaveCount(0);
  await expect(hours.opens(2, 'martes')).toBeFocused();

  // Overlapping intervals are refused next to the interval, and focus goes there.
  await hours.closes(1, 'martes').fill('18:00');
  await expect(hours.closes(1, 'martes')).toHaveValue('18:00');
  await page.getByRole('button', { name: 'Guardar espacio' }).focus();
  await page.keyboard.press('Enter');
  await expect(hours.opens(2, 'martes')).toBeFocused();
  await expect(hours.day('Martes')).toContainText('Este tramo se solapa con otro del mismo día.');
  await hours.closes(1, 'martes').fill('14:00');
  await expect(hours.day('Martes')).not.toContainText('Este tramo se solapa');
  await page.getByRole('button', { name: 'Guardar espacio' }).focus();
  await page.keyboard.press('Enter');
  await bookings.resourcesTable().getByRole('link', { name: 'Sala Azahar', exact: true }).waitFor();

  // Reloaded, both intervals are there.
  await page.goto(`/resources/${resourceId}`);
  await expect(hours.opens(1, 'martes')).toHaveValue('09:00');
  await expect(hours.closes(1, 'martes')).toHaveValue('14:00');
  await expect(hours.opens(2, 'martes')).toHaveValue('17:00');
  await expect(hours.closes(2, 'martes')).toHaveValue('20:30');
  await expect(hours.opens(3, 'martes')).toHaveCount(0);
  await expect(hours.opens(1, 'lunes')).toHaveValue('08:00');

  // The server applies the break: availability skips it, a booking inside it is refused.
  const tuesday = nextTuesday();
  const availability = await page.request.get('/api/bookings/availability', {
    params: {
      from: madrid(tuesday, '00:00'),
      to: madrid(tuesday, '23:59'),
      durationMin: 60,
      resourceId,
    },
  });
  expect(availability.status(), await availability.text()).toBe(200);
  const windows = (await availability.json()).resources[0].windows.map(
    (w: { startsAt: string; endsAt: string }) => [w.startsAt, w.endsAt],
  );
  expect(windows).toEqual([
    [madrid(tuesday, '09:00'), madrid(tuesday, '14:00')],
    [madrid(tuesday, '17:00'), madrid(tuesday, '20:30')],
  ]);
  const inBreak = await page.request.post('/api/bookings', {
    data: {
      resourceId,
      startsAt: madrid(tuesday, '15:00'),
      endsAt: madrid(tuesday, '16:00'),
      title: 'Siesta',
    },
  });
  expect(inBreak.status()).toBe(400);
  expect((await inBreak.json()).code).toBe('outside-opening-hours');
  const afternoon = await page.request.post('/api/bookings', {
    data: {
      resourceId,
      startsAt: madrid(tuesday, '17:30'),
      endsAt: madrid(tuesday, '18:30'),
      title: 'Tarde',
    },
  });
  expect(afternoon.status(), await afternoon.text()).toBe(201);
});

test('the business settings keep a Saturday morning added at the keyboard, and removing it leaves focus on the add button', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Sábado',
    currency: 'EUR',
    timeZone: ZONE,
    locale: 'es-ES',
    ownerName: 'Pau Ferrer',
    email: 'pau@example.com',
    password: 'sabado-abierto-42',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Sábado');
  const hours = new OpeningHoursPage(page);
  await page.goto('/resources/settings');
  await expect(hours.day('Sábado')).toContainText('Cerrado');
  await hours.add('sábado').focus();
  await page.keyboard.press('Enter');
  await expect(hours.opens(1, 'sábado')).toBeFocused();
  await hours.opens(1, 'sábado').fill('10:00');
  await hours.closes(1, 'sábado').fill('13:30');
  await page.getByRole('button', { name: 'Guardar normas' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Normas guardadas.' })).toBeVisible();

  await page.reload();
  await expect(hours.opens(1, 'sábado')).toHaveValue('10:00');
  await expect(hours.closes(1, 'sábado')).toHaveValue('13:30');
  await hours.remove(1, 'sábado').focus();
  await page.keyboard.press('Enter');
  await expect(hours.add('sábado')).toBeFocused();
  await expect(hours.day('Sábado')).toContainText('Cerrado');
});

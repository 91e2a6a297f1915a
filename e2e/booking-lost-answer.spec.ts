import { expect, test } from './fixtures';
import { BookingsPage } from './pages/bookings';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

/** A calendar date in Madrid, `days` from today. */
function dateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
}

test('a slot found for 3 seats opens the booking form with 3, and Save pressed again after a lost answer books once', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Faro',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Nora Faro',
    email: 'nora@example.com',
    password: 'mesas-y-sillas-7',
  });
  await expect(new Shell(page).banner()).toContainText('Cowork Faro');
  // Open every day, all day, so the test does not depend on the weekday or the hour it runs.
  const settings = await (await page.request.get('/api/bookings/settings')).json();
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
  const put = await page.request.put('/api/bookings/settings', {
    data: { ...settings, openingHours: everyDay },
  });
  expect(put.status(), await put.text()).toBe(200);
  const { locations } = await (await page.request.get('/api/stock/locations')).json();
  const area = await page.request.post('/api/resources', {
    data: {
      type: 'hot_desk',
      name: 'Zona Abierta',
      capacity: 6,
      locationId: locations[0].id,
      pricePerHour: 500,
    },
  });
  expect(area.status(), await area.text()).toBe(201);

  // Free slots for three people tomorrow; the first start opens the form.
  await page.goto('/bookings/availability');
  await page.getByLabel('Desde el día').fill(dateIn(1));
  await page.getByLabel('Puestos').fill('3');
  await page.getByRole('button', { name: 'Buscar huecos' }).click();
  await page
    .getByRole('region', { name: 'Zona Abierta' })
    .getByRole('button', { name: /^Usar / })
    .first()
    .click();
  const bookings = new BookingsPage(page);
  await expect(bookings.form().getByLabel('Puestos')).toHaveValue('3');

  // The first answer to "save this booking" is lost after the backend recorded it.
  let lost = 0;
  await page.route('**/api/bookings', async (route) => {
    if (route.request().method() !== 'POST' || lost > 0) return route.fallback();
    lost++;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await bookings.saveButton().click();
  await expect(bookings.form().getByRole('alert')).toContainText(
    'No se puede conectar con el servidor local',
  );
  await bookings.saveButton().click();
  await expect(bookings.form()).toBeHidden();
  expect(lost).toBe(1);

  const list = await (await page.request.get('/api/bookings')).json();
  expect(list.bookings.map((b: { seats: number }) => b.seats)).toEqual([3]);
});

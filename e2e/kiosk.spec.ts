import { expect, test } from './fixtures';
import { BookingsPage } from './pages/bookings';
import { SetupPage } from './pages/setup';
import { Shell } from './pages/shell';

const PASSWORD = 'salas-y-cafe-42';
const PIN = '2468';

test('the front desk turns the console into the check-in kiosk: a member checks in by code and cannot leave it (address, back, reload or API) until a staff PIN ends it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await new SetupPage(page).createBusiness({
    businessName: 'Cowork Lumen',
    currency: 'EUR',
    timeZone: 'Europe/Madrid',
    locale: 'es-ES',
    ownerName: 'Lucía Prado',
    email: 'lucia@example.com',
    password: PASSWORD,
  });
  const shell = new Shell(page);
  await expect(shell.banner()).toContainText('Cowork Lumen');
  const ok = async (res: Promise<import('@playwright/test').APIResponse>) => {
    const r = await res;
    expect(r.ok(), await r.text()).toBe(true);
    return r.status() === 204 ? null : r.json();
  };
  await ok(page.request.put('/api/me/pin', { data: { pin: PIN, currentPassword: PASSWORD } }));
  // A room open all day, and a booking that can be checked in now.
  const locations = await ok(page.request.get('/api/stock/locations'));
  const room = await ok(
    page.request.post('/api/resources', {
      data: {
        type: 'meeting_room',
        name: 'Sala Faro',
        capacity: 4,
        locationId: locations.locations[0].id,
        pricePerHour: 2000,
        openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' })),
        rules: { checkInBeforeMin: 60 },
      },
    }),
  );
  const soon = new Date(Math.ceil((Date.now() + 2 * 60_000) / (15 * 60_000)) * 15 * 60_000);
  const booking = await ok(
    page.request.post('/api/bookings', {
      data: {
        resourceId: room.id,
        startsAt: soon.toISOString(),
        endsAt: new Date(soon.getTime() + 30 * 60_000).toISOString(),
        title: 'Marta Ruiz',
      },
    }),
  );

  // Staff start kiosk mode from the check-in screen.
  const bookings = new BookingsPage(page);
  await page.goto('/bookings/check-in');
  await expect(shell.nav()).toBeVisible();
  await page.getByRole('button', { name: 'Iniciar modo quiosco' }).click();
  await expect(shell.nav()).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cerrar sesión' })).toHaveCount(0);
  await expect(bookings.kioskField()).toBeFocused();

  // A member cannot leave it: another address, back, a reload, or the API with the staff cookie.
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/bookings\/check-in$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/bookings\/check-in$/);
  await page.reload();
  await expect(bookings.kioskField()).toBeFocused();
  await expect(shell.nav()).toHaveCount(0);
  const refused = await page.request.get('/api/customers');
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe('kiosk-mode');

  // The member checks in by code, by keyboard.
  await page.keyboard.type(booking.code.toLowerCase());
  await page.keyboard.press('Enter');
  await expect(bookings.kioskWelcome()).toContainText('Marta Ruiz');
  await expect(bookings.kioskField()).toHaveValue('');

  // Leaving asks for a staff PIN; a wrong one is refused and the kiosk stays.
  await page.getByRole('button', { name: 'Personal: salir del modo quiosco' }).click();
  const dialog = page.getByRole('dialog', { name: 'Salir del modo quiosco' });
  const secret = dialog.getByLabel('PIN o contraseña del personal');
  await expect(secret).toBeFocused();
  await secret.fill('1357');
  await secret.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText(
    'No es un PIN del personal de este negocio ni la contraseña de esta cuenta.',
  );
  await expect(secret).toBeFocused();
  await expect(shell.nav()).toHaveCount(0);
  await secret.fill(PIN);
  await secret.press('Enter');
  await expect(shell.nav()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Iniciar modo quiosco' })).toBeVisible();
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/customers$/);
});

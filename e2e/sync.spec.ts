import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { type EmbeddedPg, startEmbeddedPostgres } from '../backend/src/db/embedded-postgres';
import { expect, startServedConsole, test } from './fixtures';
import { HUB_BUSINESS, HUB_OWNER, type Hub, hubCall, newCode, startHub } from './hub';
import { BookingsPage } from './pages/bookings';
import { CustomersPage } from './pages/customers';
import { LoginPage } from './pages/login';
import { type NewBusiness, SetupPage } from './pages/setup';
import { SyncPage } from './pages/sync';

const business: NewBusiness = {
  businessName: 'Papelería Olmo',
  currency: 'EUR',
  timeZone: 'Europe/Madrid',
  locale: 'es-ES',
  ownerName: 'Irene Olmo',
  email: 'irene@example.com',
  password: 'lapices-y-gomas-7',
};

test('a local-only console says so, opens Settings → Sync from the badge and explains a hub it cannot reach', async ({
  page,
}) => {
  await page.goto('/');
  await new SetupPage(page).createBusiness(business);
  const sync = new SyncPage(page);
  await expect(sync.badge()).toHaveText('Solo local');
  await expect(sync.badge()).toHaveAttribute('data-state', 'local-only');

  // The badge is the way in.
  await sync.openFromBadge();
  await expect(page).toHaveURL(/\/settings\/sync$/);
  await expect(sync.heading()).toBeVisible();
  await expect(sync.fact('Estado')).toHaveText('Solo local');
  await expect(sync.main()).toContainText('Esta consola no está conectada a ningún hub');
  await expect(sync.enrollHeading()).toBeVisible();

  // A hub address that is not a full URL is caught next to its field.
  await sync.checkCode({ hubUrl: 'hub.example', code: 'ABCD-EFGH-JKLM', deviceName: 'Caja 1' });
  await expect(sync.hubUrlField()).toHaveAttribute('aria-invalid', 'true');
  await expect(sync.hubUrlField()).toBeFocused();
  await expect(sync.main()).toContainText(
    'Escribe la dirección completa, por ejemplo https://hub.ejemplo.com.',
  );

  // Nothing listens on port 9: the console says it cannot reach the hub, in plain words.
  await sync.hubUrlField().fill('http://127.0.0.1:9');
  await sync.deviceNameField().press('Enter');
  await expect(sync.main()).toContainText('No se puede conectar con el hub en esa dirección.');
  await expect(sync.preview()).toHaveCount(0);
  await expect(sync.badge()).toHaveText('Solo local');

  // Settings keeps both sections reachable from each other.
  await sync.settingsSections().getByRole('link', { name: 'Datos del negocio' }).click();
  await expect(sync.main().getByRole('heading', { name: 'Datos del negocio' })).toBeVisible();
  await sync.settingsSections().getByRole('link', { name: 'Sincronización' }).click();
  await expect(sync.enrollHeading()).toBeVisible();
});

/** "Sync now" on a console (its API); answers the console's sync status. */
async function syncNow(api: APIRequestContext) {
  const res = await api.post('/api/sync/now');
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { state: string; pendingOps: number; lastError: string | null };
}

/**
 * "Sync now" until the console's outbox is empty: the hub has every op it recorded. The first
 * round after the hub restarts may still fail (a connection to the old process); the console
 * retries it later on its own, a test must not race that.
 */
async function pushedAll(api: APIRequestContext) {
  await expect.poll(async () => (await syncNow(api)).pendingOps, { timeout: 30_000 }).toBe(0);
}

// ---------------------------------------------------------------------------
// With a real hub (e2e/hub.ts): a hub process on an embedded Postgres, restarted on the same
// port to come back after an outage. Its first-run business is the one the consoles join.

test.describe('with a hub', () => {
  test.describe.configure({ mode: 'serial' });
  let tmp = '';
  let postgres: EmbeddedPg;
  let hub: Hub;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    tmp = await mkdtemp(join(tmpdir(), 'mostrador-e2e-hub-'));
    postgres = await startEmbeddedPostgres({ dir: join(tmp, 'cluster'), persistent: false });
    hub = await startHub(tmp, postgres.url);
  });

  test.afterAll(async () => {
    await hub?.stop();
    await postgres?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('an owner connects a console from Settings → Sync, signs in with the hub account, sees changes wait while the hub is down and go up when it is back, and retries one that kept failing, then the rest at once', async ({
    page,
    served,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    await new SetupPage(page).createBusiness(business);
    const sync = new SyncPage(page);
    await sync.openFromBadge();

    // The code is checked first: joining the hub's business leaves this console's own behind.
    await sync.checkCode({ hubUrl: hub.url, code: await newCode(hub), deviceName: 'Caja 1' });
    await expect(sync.preview()).toContainText(`Esta consola usará los datos del negocio «${HUB_BUSINESS}»`);
    await expect(sync.preview()).toContainText(
      'Los datos del negocio «Papelería Olmo» de esta consola se quedan aquí',
    );
    await expect(sync.preview().getByRole('heading', { name: 'Qué va a pasar' })).toBeFocused();
    await sync.connectButton().click();
    await expect(sync.leaveBehindCheckbox()).toBeFocused();
    await expect(sync.main()).toContainText(
      'Confirma que entiendes que los datos de esta consola se quedan aquí',
    );
    await sync.leaveBehindCheckbox().check();
    await sync.connectButton().click();

    // Signed out to the hub account.
    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'conectada al negocio' })).toContainText(
      `«${HUB_BUSINESS}»`,
    );
    await new LoginPage(page).signIn(HUB_OWNER.email, HUB_OWNER.password);
    await expect(page.getByRole('banner')).toContainText(HUB_BUSINESS);
    await expect(sync.badge()).toHaveText('Sincronizado', { timeout: 30_000 });

    // The facts say where and when.
    await sync.openFromBadge();
    await expect(sync.fact('Estado')).toHaveText('Sincronizado');
    await expect(sync.fact('Hub')).toHaveText(hub.url);
    await expect(sync.fact('Nombre del dispositivo')).toHaveText('Caja 1');
    await expect(sync.fact('Última recepción correcta')).not.toHaveText('Nunca');
    await expect(sync.deadLetters()).toContainText('No hay cambios atascados.');
    await expect(sync.conflicts()).toContainText('No hay conflictos por revisar.');

    // The hub goes away: a new customer waits on this console, and the badge and the page say so.
    await hub.stop();
    const customers = new CustomersPage(page);
    await customers.create({ name: 'Librería Alba', taxId: 'B12345678' });
    await expect(sync.badge()).toContainText('1 cambio pendiente', { timeout: 30_000 });
    await expect(sync.badge()).not.toContainText('Sincronizado');
    await sync.openFromBadge();
    await expect(sync.fact('Cambios pendientes')).toHaveText('1 cambio pendiente');
    await expect(sync.fact('El más antiguo')).toContainText(/ahora|hace/);
    await expect(sync.fact('Estado')).toHaveText('Sin conexión con el hub', { timeout: 30_000 });
    await expect(sync.fact('Último error')).not.toHaveText('Ninguno');

    // Back online: "Sincronizar ahora" sends it, and only then does the badge say synced.
    await hub.start();
    await sync.syncNowButton().click();
    await expect(sync.badge()).toHaveText('Sincronizado', { timeout: 30_000 });
    await expect(sync.fact('Cambios pendientes')).toHaveText('0 cambios pendientes');
    await expect(sync.fact('Último envío correcto')).not.toHaveText('Nunca');
    await expect(sync.fact('Último error')).toHaveText('Ninguno');
    const onHub = await hubCall<{ customers: { name: string }[] }>(hub, 'GET', '/api/customers');
    expect(onHub.customers.map((c) => c.name)).toContain('Librería Alba');

    // A change that kept failing is listed with its reason, never lost, and goes up when retried.
    // (A hub that refuses one op eight times is hard to stage: the op is marked dead as the push loop would.)
    await hub.stop();
    for (const name of ['Taller Pino', 'Taller Roble', 'Taller Olmo']) await customers.create({ name });
    await expect(sync.badge()).toContainText('3 cambios pendientes', { timeout: 30_000 });
    const db = new Database(join(served.dataDir, 'mostrador.db'));
    try {
      db.pragma('busy_timeout = 5000');
      const marked = db
        .prepare(
          "UPDATE ops SET push_state = 'dead', push_attempts = 8, push_error = ? WHERE push_state = 'pending' AND command LIKE 'customers.%'",
        )
        .run(JSON.stringify({ code: 'hub-refused', message: 'El hub rechazó este cambio 8 veces' }));
      expect(marked.changes).toBe(3);
    } finally {
      db.close();
    }
    await hub.start();
    await sync.openFromBadge();
    await sync.syncNowButton().click();
    const table = sync.deadLetters().getByRole('table', { name: 'Cambios que no se pudieron enviar' });
    await expect(table).toContainText('customers.', { timeout: 30_000 });
    await expect(table).toContainText('Falló demasiadas veces: El hub rechazó este cambio 8 veces');
    await expect(sync.badge()).toContainText('Error de sincronización', { timeout: 30_000 });
    await expect(table.getByRole('row')).toHaveCount(4);
    // One retried alone…
    await table
      .getByRole('button', { name: /^Reintentar/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Se volverá a enviar este cambio al hub.');
    await expect(dialog.getByRole('button', { name: 'Cancelar' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Reintentar' }).click();
    await expect(sync.main()).toContainText('vuelve a la cola de envío');
    await expect(table.getByRole('row')).toHaveCount(3, { timeout: 30_000 });
    // …and the rest at once.
    await sync.deadLetters().getByRole('button', { name: 'Reintentar todos (2)' }).click();
    await expect(dialog).toContainText('en el orden en que se hicieron');
    await dialog.getByRole('button', { name: 'Reintentar todos (2)' }).click();
    await expect(sync.main()).toContainText('2 cambios vuelven a la cola de envío.');
    await expect(sync.deadLetters()).toContainText('No hay cambios atascados.', { timeout: 30_000 });
    await expect(sync.badge()).toHaveText('Sincronizado', { timeout: 30_000 });
    const after = await hubCall<{ customers: { name: string }[] }>(hub, 'GET', '/api/customers');
    expect(after.customers.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Taller Pino', 'Taller Roble', 'Taller Olmo']),
    );
  });

  test('a fresh console joins the hub business at first run and its members sign in with their hub accounts', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    await page.getByRole('button', { name: 'Unirse a un negocio del hub' }).click();
    await expect(page.getByRole('heading', { name: 'Unirse a un negocio del hub' })).toBeVisible();
    await expect(page.getByLabel('Dirección del hub')).toBeFocused();
    await page.getByLabel('Dirección del hub').fill(hub.url);
    await page.getByLabel('Código de un solo uso').fill(await newCode(hub));
    await page.getByLabel('Nombre de este dispositivo').fill('Recepción');
    await page.getByLabel('Nombre de este dispositivo').press('Enter');

    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'conectada al negocio' })).toBeVisible();
    await new LoginPage(page).signIn(HUB_OWNER.email, HUB_OWNER.password);
    const sync = new SyncPage(page);
    await expect(page.getByRole('banner')).toContainText(HUB_BUSINESS);
    await expect(sync.badge()).toHaveText('Sincronizado', { timeout: 30_000 });

    // What the other console sent is here too.
    await new CustomersPage(page).open();
    await expect(page.getByRole('main')).toContainText('Librería Alba', { timeout: 30_000 });

    // The owner revokes this device on the hub: at its next request the console says so, and keeps working locally.
    const { devices } = await hubCall<{ devices: { id: string; name: string }[] }>(
      hub,
      'GET',
      '/api/sync/devices',
    );
    const device = devices.find((d) => d.name === 'Recepción');
    expect(device).toBeDefined();
    await hubCall(hub, 'POST', `/api/sync/devices/${device?.id}/revoke`, {});
    await sync.openFromBadge();
    await sync.syncNowButton().click();
    await expect(sync.badge()).toHaveText('Dispositivo revocado', { timeout: 30_000 });
    await expect(sync.badge()).toHaveAttribute('data-state', 'revoked');
    await expect(sync.alerts().filter({ hasText: 'Este dispositivo fue revocado' })).toBeVisible();
    await expect(sync.syncNowButton()).toHaveCount(0);
  });
  test('two consoles book the same room while the hub is down; the one the hub refuses shows it in its conflicts inbox', async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    // Console A, driven through its API in a browser context of its own; console B is `page`.
    const consoleA = await startServedConsole();
    const contextA = await browser.newContext({ baseURL: consoleA.url });
    try {
      const joinAndSignIn = async (api: APIRequestContext, deviceName: string) => {
        const joined = await api.post('/api/setup/join', {
          data: { hubUrl: hub.url, code: await newCode(hub), deviceName },
        });
        expect(joined.status(), await joined.text()).toBe(201);
        const login = await api.post('/api/auth/login', {
          data: { email: HUB_OWNER.email, password: HUB_OWNER.password },
        });
        expect(login.status(), await login.text()).toBe(200);
      };
      await joinAndSignIn(contextA.request, 'Caja A');
      await joinAndSignIn(page.request, 'Caja B');

      // A room, made on A while the hub is up, reaches B.
      const { locations } = (await (await contextA.request.get('/api/stock/locations')).json()) as {
        locations: { id: string }[];
      };
      const created = await contextA.request.post('/api/resources', {
        data: {
          type: 'meeting_room',
          name: 'Sala Roble',
          capacity: 1,
          locationId: locations[0]?.id,
          pricePerHour: 1000,
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      const room = (await created.json()) as { id: string };
      expect((await syncNow(contextA.request)).pendingOps).toBe(0);
      await expect
        .poll(async () => {
          await syncNow(page.request);
          const list = (await (await page.request.get('/api/resources')).json()) as {
            resources: { id: string }[];
          };
          return list.resources.map((r) => r.id);
        })
        .toContain(room.id);

      // The hub goes down; each console books the room for overlapping times on the next weekday.
      await hub.stop();
      const day = new Date(Date.now() + 2 * 86_400_000);
      while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
      const at = (hh: string) => `${day.toISOString().slice(0, 10)}T${hh}:00.000Z`;
      const bookedIds: string[] = [];
      for (const [api, from, to] of [
        [contextA.request, '09:00', '10:00'],
        [page.request, '09:30', '10:30'],
      ] as const) {
        const booked = await api.post('/api/bookings', {
          data: { resourceId: room.id, startsAt: at(from), endsAt: at(to), title: 'Reunión' },
        });
        expect(booked.status(), await booked.text()).toBe(201);
        // Made on an enrolled console: it waits for the hub's verdict.
        const made = (await booked.json()) as { id: string; status: string; pendingReason: string | null };
        expect(made).toMatchObject({ status: 'pending', pendingReason: 'hub' });
        bookedIds.push(made.id);
      }
      // B's calendar shows its booking as awaiting the hub, in words, and its detail explains it.
      const bookingsB = new BookingsPage(page);
      await bookingsB.openDay(day.toISOString().slice(0, 10));
      await expect(bookingsB.legend()).toContainText('Pendiente del hub');
      await expect(bookingsB.booking(/Reunión/)).toContainText('Pendiente del hub');
      await bookingsB.booking(/Reunión/).click();
      await expect(page.getByRole('dialog')).toContainText('espera a que el hub la confirme');
      await page.keyboard.press('Escape');

      // Back online: both send; the hub confirms one booking and refuses the other.
      await hub.start();
      await pushedAll(contextA.request);
      await pushedAll(page.request);
      const conflictsOf = async (api: APIRequestContext) =>
        ((await (await api.get('/api/sync/conflicts')).json()) as unknown[]).length;
      await expect
        .poll(async () => (await conflictsOf(contextA.request)) + (await conflictsOf(page.request)))
        .toBe(1);

      // The winner's booking is confirmed by the hub on both consoles.
      const bLost = (await conflictsOf(page.request)) === 1;
      const winnerId = bLost ? bookedIds[0] : bookedIds[1];
      for (const api of [contextA.request, page.request]) {
        await expect
          .poll(
            async () =>
              ((await (await api.get(`/api/bookings/${winnerId}`)).json()) as { status: string }).status,
          )
          .toBe('confirmed');
      }

      // Whichever console lost opens its inbox: the rejected booking, with a link to it.
      const loser = bLost ? page : await contextA.newPage();
      await loser.goto('/settings/sync');
      const sync = new SyncPage(loser);
      // Nothing left to send; the refused booking waits for review, and the badge says so.
      await expect(sync.badge()).toHaveText('1 conflicto por revisar', { timeout: 30_000 });
      await expect(sync.badge()).toHaveAttribute('data-state', 'synced');
      await expect(sync.conflicts()).toContainText('Reserva rechazada');
      await expect(sync.conflicts()).not.toContainText('No hay conflictos por revisar.');
      await expect(sync.deadLetters()).toContainText('No hay cambios atascados.');
      await sync
        .conflicts()
        .getByRole('link', { name: /^Abrir/ })
        .click();
      await expect(loser).toHaveURL(/\/bookings/);
    } finally {
      await contextA.close();
      await consoleA.stop();
    }
  });
  test('two consoles create a product with one barcode while the hub is down; the refused one is in the inbox, in Spanish, with who, why and that it exists only here, until it is marked reviewed', async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    const consoleA = await startServedConsole();
    const contextA = await browser.newContext({ baseURL: consoleA.url });
    try {
      for (const [api, deviceName] of [
        [contextA.request, 'Caja Norte'],
        [page.request, 'Caja Sur'],
      ] as const) {
        const joined = await api.post('/api/setup/join', {
          data: { hubUrl: hub.url, code: await newCode(hub), deviceName },
        });
        expect(joined.status(), await joined.text()).toBe(201);
        const login = await api.post('/api/auth/login', {
          data: { email: HUB_OWNER.email, password: HUB_OWNER.password },
        });
        expect(login.status(), await login.text()).toBe(200);
      }

      // Offline, each console registers its own product with the same barcode: both accept it locally.
      await hub.stop();
      const productOf = async (api: APIRequestContext, sku: string, name: string) => {
        const made = await api.post('/api/catalog/products', {
          data: { sku, name, price: 250, taxRateBp: 1000, barcodes: ['8412345678905'] },
        });
        expect(made.status(), await made.text()).toBe(201);
        return ((await made.json()) as { id: string }).id;
      };
      await productOf(contextA.request, 'CUAD-A5', 'Cuaderno A5');
      const refused = await productOf(page.request, 'CUAD-A5-RAYAS', 'Cuaderno A5 de rayas');

      // Back online: the north console sends first and the hub keeps its product; the south one is refused.
      await hub.start();
      await pushedAll(contextA.request);
      await pushedAll(page.request);

      await page.goto('/settings/sync');
      const sync = new SyncPage(page);
      const inbox = sync.conflicts();
      await expect(inbox).toContainText('Rechazado por el hub', { timeout: 30_000 });
      await expect(inbox).toContainText('Alta de producto: Otro producto ya tiene este código de barras.');
      await expect(inbox).toContainText(`Hecho por ${HUB_OWNER.name}`);
      await expect(inbox).toContainText('Respuesta del hub: Barcode 8412345678905 is already used');
      await expect(inbox).toContainText('Solo existe en esta consola: el hub no lo tiene');
      await expect(inbox).not.toContainText('No hay conflictos por revisar.');
      await expect(sync.deadLetters()).toContainText('No hay cambios atascados.');
      await expect(sync.fact('Último error')).toHaveText('Ninguno');

      // The link opens the product that exists only on this console.
      await inbox.getByRole('link', { name: /^Abrir/ }).click();
      await expect(page).toHaveURL(new RegExp(`/catalog/products/${refused}$`));
      await expect(page.getByRole('main').getByLabel('Nombre', { exact: true })).toHaveValue(
        'Cuaderno A5 de rayas',
      );

      // Dealt with: marked reviewed at the keyboard, it leaves the inbox and focus goes to its heading.
      await page.goto('/settings/sync');
      const review = sync
        .conflicts()
        .getByRole('button', { name: /^Marcar como revisado: Alta de producto/ });
      await review.focus();
      await page.keyboard.press('Enter');
      await expect(sync.conflicts()).toContainText('No hay conflictos por revisar.');
      await expect(sync.conflicts().getByRole('status')).toContainText('Conflicto marcado como revisado');
      await expect(sync.conflicts().getByRole('heading', { name: 'Conflictos por revisar' })).toBeFocused();
      const status = await (await page.request.get('/api/sync/status')).json();
      expect(status.conflicts).toBe(0);
    } finally {
      await contextA.close();
      await consoleA.stop();
    }
  });
});

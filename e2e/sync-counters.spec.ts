/**
 * Issue #7's end-to-end story: two served consoles in Chromium and one hub.
 * Both join the hub's business; a sale at counter A shows in counter B's
 * history; with the hub down both sell the last unit and book one room for
 * overlapping times; when it is back, B's pending count drains to zero and
 * the oversell and the refused booking wait in B's conflicts inbox.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { type EmbeddedPg, startEmbeddedPostgres } from '../backend/src/db/embedded-postgres';
import { expect, startServedConsole, test } from './fixtures';
import { HUB_OWNER, type Hub, hubCall, newCode, startHub } from './hub';
import { LoginPage } from './pages/login';
import { SalePage } from './pages/sale';
import { ShiftPage } from './pages/shift';
import { SyncPage } from './pages/sync';

const BARCODE = '8410000000033';
const PRODUCT = 'Café en grano 1 kg';

test.describe('two counters and a hub', () => {
  let tmp = '';
  let postgres: EmbeddedPg;
  let hub: Hub;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    tmp = await mkdtemp(join(tmpdir(), 'mostrador-e2e-counters-'));
    postgres = await startEmbeddedPostgres({ dir: join(tmp, 'cluster'), persistent: false });
    hub = await startHub(tmp, postgres.url);
  });

  test.afterAll(async () => {
    await hub?.stop();
    await postgres?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('a sale on one counter shows on the other; offline, both sell the last unit and book one room; back online the pending count drains and the conflicts wait in the inbox', async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    // The hub's business has the product (two in stock) and a room before any console joins.
    const hubLocations = await hubCall<{ locations: { id: string }[] }>(hub, 'GET', '/api/stock/locations');
    const product = await hubCall<{ id: string }>(hub, 'POST', '/api/catalog/products', {
      sku: 'CAFE-1K',
      name: PRODUCT,
      price: 1450,
      cost: 800,
      taxRateBp: 1000,
      tracked: true,
      barcodes: [BARCODE],
    });
    await hubCall(hub, 'POST', '/api/stock/adjustments', {
      productId: product.id,
      locationId: hubLocations.locations[0]?.id,
      qty: 2,
      reason: 'adjustment',
      note: 'e2e',
    });
    const room = await hubCall<{ id: string }>(hub, 'POST', '/api/resources', {
      type: 'meeting_room',
      name: 'Sala Olivo',
      capacity: 1,
      locationId: hubLocations.locations[0]?.id,
      pricePerHour: 1000,
    });

    // Counter A is `page`; counter B is a second served console in its own browser context.
    const consoleB = await startServedConsole();
    const contextB = await browser.newContext({ baseURL: consoleB.url });
    const pageB = await contextB.newPage();
    try {
      for (const [counter, name] of [
        [page, 'Caja A'],
        [pageB, 'Caja B'],
      ] as const) {
        const joined = await counter.request.post('/api/setup/join', {
          data: { hubUrl: hub.url, code: await newCode(hub), deviceName: name },
        });
        expect(joined.status(), await joined.text()).toBe(201);
        await counter.goto('/');
        await new LoginPage(counter).signIn(HUB_OWNER.email, HUB_OWNER.password);
        await expect(new SyncPage(counter).badge()).toHaveText('Sincronizado', { timeout: 30_000 });
        await openShift(counter);
      }

      // A sells one at the keyboard; B's sales history shows it without anyone pressing a key on B.
      const receiptA = await sellOne(page);
      await pageB.goto('/sales/history');
      await expect(async () => {
        await pageB.reload();
        await expect(pageB.getByRole('main')).toContainText(receiptA, { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });

      // The hub goes down. Each counter sells the one unit left and books the room for overlapping times.
      await hub.stop();
      await sellOne(page);
      await sellOne(pageB);
      const day = new Date(Date.now() + 2 * 86_400_000);
      while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
      const at = (hh: string) => `${day.toISOString().slice(0, 10)}T${hh}:00.000Z`;
      await book(page.request, room.id, at('09:00'), at('10:00'));
      await book(pageB.request, room.id, at('09:30'), at('10:30'));

      // B says honestly that its two changes have not reached the hub.
      const syncB = new SyncPage(pageB);
      await pageB.goto('/settings/sync');
      await expect(syncB.fact('Cambios pendientes')).toHaveText('2 cambios pendientes');
      await expect(syncB.badge()).not.toHaveText('Sincronizado');

      // Back online: B's pending count drains to zero and its inbox shows what the hub decided. Which
      // counter's booking reaches the hub first is a race (B's own client retries as soon as the hub
      // is back): the other one is refused and shows it.
      await hub.start();
      const syncedA = await page.request.post('/api/sync/now');
      expect(syncedA.status(), await syncedA.text()).toBe(200);
      await syncB.syncNowButton().click();
      // Everything is on the hub; the badge says the conflicts still wait for review (an oversell,
      // and the booking if B's was the one refused), never plain "Sincronizado".
      await expect(syncB.badge()).toHaveAttribute('data-state', 'synced', { timeout: 60_000 });
      await expect(syncB.badge()).toHaveText(/^\d+ conflictos? por revisar$/);
      await expect(syncB.fact('Cambios pendientes')).toHaveText('0 cambios pendientes');
      await expect(syncB.conflicts()).toContainText('Venta sin existencias', { timeout: 30_000 });
      await expect(syncB.conflicts()).toContainText(PRODUCT);
      const refusedOn = async (counter: Page) =>
        ((await (await counter.request.get('/api/sync/conflicts')).json()) as { kind: string }[]).some(
          (c) => c.kind === 'booking-rejected',
        );
      const refused = { onA: false };
      await expect(async () => {
        const [a, b] = [await refusedOn(page), await refusedOn(pageB)];
        expect(a !== b, `refused on A: ${a}, on B: ${b}`).toBe(true);
        refused.onA = a;
      }).toPass({ timeout: 30_000 });
      const loser = refused.onA ? page : pageB;
      await loser.goto('/settings/sync');
      await expect(new SyncPage(loser).conflicts()).toContainText('Reserva rechazada');

      // On the hub: the three sales once each, one oversell, one booking for the room.
      const sales = await hubCall<{ total: number }>(hub, 'GET', '/api/pos/sales');
      expect(sales.total).toBe(3);
      const oversells = await hubCall<{ exceptions: unknown[] }>(hub, 'GET', '/api/stock/oversells');
      expect(oversells.exceptions).toHaveLength(1);
      const bookings = await hubCall<{ bookings: { status: string }[] }>(
        hub,
        'GET',
        `/api/bookings?resourceId=${room.id}`,
      );
      expect(bookings.bookings.filter((b) => b.status === 'confirmed')).toHaveLength(1);
    } finally {
      await contextB.close();
      await consoleB.stop();
    }
  });
});

/** Opens the register's shift with a 20 € float, at the keyboard: it lands on the sale screen. */
async function openShift(counter: Page) {
  await counter.goto('/shifts/open');
  await new ShiftPage(counter).piecesField('20,00 €').fill('1');
  await counter.keyboard.press('Enter');
  await expect(new SalePage(counter).scanField()).toBeFocused();
}

/** Scans the coffee and takes 20 € in cash; returns the receipt number. */
async function sellOne(counter: Page): Promise<string> {
  const sale = new SalePage(counter);
  if (!counter.url().endsWith('/sales')) await sale.open();
  await expect(sale.scanField()).toBeFocused();
  await sale.scan(BARCODE);
  await expect(sale.line(PRODUCT)).toBeVisible();
  await sale.payCash('20');
  await expect(sale.status()).toContainText('Cambio');
  const receipt = sale.receipt();
  const text = `${(await receipt.getAttribute('aria-label')) ?? ''} ${(await receipt.textContent()) ?? ''}`;
  const number = text.match(/T-[\w-]+/)?.[0];
  expect(number, text).toBeTruthy();
  return number as string;
}

async function book(api: APIRequestContext, resourceId: string, startsAt: string, endsAt: string) {
  const booked = await api.post('/api/bookings', {
    data: { resourceId, startsAt, endsAt, title: 'Reunión' },
  });
  expect(booked.status(), await booked.text()).toBe(201);
}

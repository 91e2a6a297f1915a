import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertCategory } from '../../../../test/builders.js';
import { addBusiness } from '../../../../test/helpers.js';
import { defaultLocation, makeResource } from '../../bookings/bookings.fixtures.js';
import { applyPage, pullAll } from './pull-apply.js';
import { MAX_ATTEMPTS } from './push-loop.js';
import { asConsoleRow, type Hub, type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

async function product(c: LinkedConsole, sku: string, price = 120) {
  const res = await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price, taxRateBp: 1000 })
    .expect(201);
  return res.body.id as string;
}

const productRow = (c: LinkedConsole | Hub, id: string) =>
  ('agent' in c ? c.deps.db : c.db)
    .selectFrom('products')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();

describe('console sync client against a real hub', () => {
  it('ops made on console A reach the hub and console B pulls the same rows', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    // Bootstrap: B has the hub's business (its tenant row and default location).
    expect(await b.deps.db.selectFrom('tenants').select('id').execute()).toEqual([{ id: hub.tenantId }]);

    const id = await product(a, 'AGUA-1');
    expect((await a.status()).state).not.toBe('synced');
    await a.sync();
    expect(await a.status()).toMatchObject({
      state: 'synced',
      pendingOps: 0,
      deadLetters: 0,
      lastError: null,
    });
    expect(asConsoleRow(await productRow(hub, id))).toEqual(await productRow(a, id));

    await b.sync();
    expect(await productRow(b, id)).toEqual(await productRow(a, id));
    const ops = await a.deps.db
      .selectFrom('ops')
      .select('push_state')
      .where('push_state', '!=', 'local')
      .execute();
    expect(ops.every((o) => o.push_state === 'pushed')).toBe(true);
    expect(await b.status()).toMatchObject({ state: 'synced', hubUrl: hub.url, deviceName: 'Caja B' });
  });

  it('never overwrites a local change whose op is pending; the local change wins after its push', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const id = await product(a, 'CAFE-1', 150);
    await a.sync();
    await b.sync();

    await a.agent.patch(`/api/catalog/products/${id}`).send({ price: 200 }).expect(200);
    await a.sync(); // the hub has price 200
    await b.agent.patch(`/api/catalog/products/${id}`).send({ name: 'Café de B' }).expect(200);
    const link = await b.deps.db.selectFrom('sync_link').selectAll().executeTakeFirstOrThrow();
    const token = b.deps.syncTokens?.read(hub.tenantId) as string;
    const pulled = await pullAll(b.deps, link, token, { fetch: b.net.fetch });
    expect(pulled).toMatchObject({ kind: 'done', held: 1 });
    // B's pending edit stands: the hub's image (A's price, the old name) did not overwrite it.
    expect(await productRow(b, id)).toMatchObject({ name: 'Café de B', price: 150 });

    await b.sync(); // push (the hub applies B's edit last), then pull again from the held row
    const onHub = asConsoleRow(await productRow(hub, id));
    expect(onHub).toMatchObject({ name: 'Café de B' });
    expect(await productRow(b, id)).toEqual(onHub);
    await a.sync();
    expect(await productRow(a, id)).toEqual(onHub);
    expect(
      await b.deps.db
        .selectFrom('sync_held_rows' as never)
        .selectAll()
        .execute(),
    ).toEqual([]);
  });

  it("two offline consoles take one SKU: the hub's product wins on both, the loser's op is rejected", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const fromA = await product(a, 'DUP-1', 100);
    const fromB = await product(b, 'DUP-1', 999);
    await a.sync();
    await b.sync();
    const refused = await b.deps.db
      .selectFrom('ops')
      .select(['push_state', 'push_error'])
      .where('command', '=', 'catalog.product.create')
      .executeTakeFirstOrThrow();
    expect(refused.push_state).toBe('rejected');
    expect(JSON.parse(refused.push_error as string)).toMatchObject({ code: 'sku-taken' });
    // B's local product held the SKU; the hub's row replaces it instead of stopping the pull.
    const skus = await b.deps.db
      .selectFrom('products')
      .select(['id', 'price'])
      .where('sku', '=', 'DUP-1')
      .execute();
    expect(skus).toEqual([{ id: fromA, price: 100 }]);
    expect(await productRow(b, fromB)).toBeUndefined();
    expect(await productRow(b, fromA)).toEqual(await productRow(a, fromA));
    expect((await b.status()).state).toBe('synced');
  });

  it('applies a page and its cursor together: a failing row rolls both back', async () => {
    const hub = await startHub();
    const b = await linkedConsole(hub, 'Caja B');
    const before = await b.deps.db.selectFrom('sync_link').select('pull_cursor').executeTakeFirstOrThrow();
    const cursor = Number(before.pull_cursor);
    const good = {
      id: '019ab000-0000-7000-8000-000000000001',
      tenant_id: hub.tenantId,
      name: 'Nueva',
      parent_id: null,
      sort_order: 0,
      created_at: '2026-11-25T10:00:00.123+00:00',
      updated_at: '2026-11-25T11:00:00+01:00',
      deleted_at: null,
    };
    const page = (bad: boolean) => ({
      changes: [
        { table: 'categories', key: [good.id], serverSeq: cursor + 1, row: good },
        ...(bad
          ? [
              {
                table: 'products',
                key: ['p-bad'],
                serverSeq: cursor + 2,
                row: { id: 'p-bad', tenant_id: hub.tenantId, name: null },
              },
            ]
          : []),
      ],
      cursor: cursor + 2,
      more: false,
    });
    await expect(applyPage(b.deps, hub.tenantId, cursor, page(true))).rejects.toThrow();
    expect(await b.deps.db.selectFrom('categories').select('id').where('id', '=', good.id).execute()).toEqual(
      [],
    );
    expect(await b.deps.db.selectFrom('sync_link').select('pull_cursor').executeTakeFirstOrThrow()).toEqual(
      before,
    );
    // Nothing was left half-set: foreign keys are on again and local writes are tracked again.
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(b.deps.db)).rows[0]).toEqual({
      foreign_keys: 1,
    });

    await applyPage(b.deps, hub.tenantId, cursor, page(false));
    // Another business on this console: the hub's pages never reach its rows, whatever they name.
    const other = await addBusiness(b.deps, 'Otra');
    const otherCategory = await insertCategory(b.deps.db, other, 'De la otra');
    const foreign = {
      changes: [
        { table: 'categories', key: [otherCategory], serverSeq: cursor + 3, row: null },
        {
          table: 'categories',
          key: ['019ab000-0000-7000-8000-000000000002'],
          serverSeq: cursor + 4,
          row: { ...good, id: '019ab000-0000-7000-8000-000000000002', tenant_id: other },
        },
        {
          table: 'categories',
          key: [otherCategory],
          serverSeq: cursor + 5,
          row: { ...good, id: otherCategory },
        },
      ],
      cursor: cursor + 5,
      more: false,
    };
    await applyPage(b.deps, hub.tenantId, cursor + 2, foreign);
    expect(
      await b.deps.db
        .selectFrom('categories')
        .select(['name', 'tenant_id'])
        .where('tenant_id', '=', other)
        .execute(),
    ).toEqual([{ name: 'De la otra', tenant_id: other }]);
    const row = await b.deps.db
      .selectFrom('categories')
      .selectAll()
      .where('id', '=', good.id)
      .executeTakeFirst();
    // Postgres timestamps arrive as the console's own ISO text.
    expect(row).toMatchObject({
      created_at: '2026-11-25T10:00:00.123Z',
      updated_at: '2026-11-25T10:00:00.000Z',
    });
    expect(
      Number(
        (await b.deps.db.selectFrom('sync_link').select('pull_cursor').executeTakeFirstOrThrow()).pull_cursor,
      ),
    ).toBe(cursor + 5);
  });

  it('hub unreachable: offline with the pending count and age, ops kept, pushed when it is back', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.down = true;
    await product(a, 'PAN-1');
    const op = await a.deps.db
      .selectFrom('ops')
      .select(['op_id', 'created_at'])
      .where('push_state', '=', 'pending')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await a.sync();
    const offline = await a.status();
    expect(offline).toMatchObject({
      state: 'offline',
      pendingOps: 1,
      oldestPendingAt: op.created_at,
      deadLetters: 0,
    });
    expect(offline.lastError.message).toMatch(/Cannot reach the hub .*connection refused/);
    // An outage never dead-letters an op: it stays pending.
    expect(
      await a.deps.db.selectFrom('ops').select('push_state').where('op_id', '=', op.op_id).executeTakeFirst(),
    ).toEqual({ push_state: 'pending' });

    a.net.state.down = false;
    const after = (await a.agent.post('/api/sync/now').expect(200)).body;
    expect(after).toMatchObject({ state: 'synced', pendingOps: 0, oldestPendingAt: null, lastError: null });
    expect(
      await hub.db.selectFrom('ops').select('op_id').where('op_id', '=', op.op_id).execute(),
    ).toHaveLength(1);
  });

  it('sends again what a hub restored from a backup no longer has (409 device-seq-gap)', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const first = await product(a, 'GAP-1');
    await a.sync();
    const second = await product(a, 'GAP-2');
    const pendingSeq = (
      await a.deps.db
        .selectFrom('ops')
        .select('device_seq')
        .where('push_state', '=', 'pending')
        .executeTakeFirstOrThrow()
    ).device_seq as number;
    // The hub answers once as if it had lost the op before (restored from a backup).
    let refusedOnce = false;
    a.net.state.intercept = (url) => {
      if (!url.endsWith('/sync/push') || refusedOnce) return null;
      refusedOnce = true;
      const body = { code: 'device-seq-gap', status: 409, detail: 'gap', expectedDeviceSeq: pendingSeq - 1 };
      return new Response(JSON.stringify(body), {
        status: 409,
        headers: { 'content-type': 'application/problem+json' },
      });
    };
    await a.sync();
    expect(refusedOnce).toBe(true);
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0 });
    expect(await productRow(hub, first)).toBeDefined();
    expect(await productRow(hub, second)).toBeDefined();
  });

  it('is never "synced" while a push is in flight', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inPush = new Promise<void>((r) => {
      entered = r;
    });
    a.net.state.intercept = (url, init) => {
      if (!url.endsWith('/sync/push')) return null;
      entered();
      return held.then(() => fetch(url, init));
    };
    await product(a, 'LECHE-1');
    const round = a.sync();
    await inPush;
    expect(await a.status()).toMatchObject({ state: 'syncing', pendingOps: 1 });
    release();
    await round;
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0 });
  });

  it('a rejected booking does not block later ops and shows in the conflicts inbox', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const room = await makeResource(a.agent, await defaultLocation(a.agent));
    await a.sync();
    await b.sync();
    const slot = {
      resourceId: room.id,
      startsAt: '2026-11-26T10:00:00.000Z',
      endsAt: '2026-11-26T11:00:00.000Z',
    };
    await a.agent.post('/api/bookings').send(slot).expect(201);
    const mine = (await b.agent.post('/api/bookings').send(slot).expect(201)).body; // offline: accepted locally
    const later = await product(b, 'TE-1');
    await a.sync();
    await b.sync();

    const ops = await b.deps.db
      .selectFrom('ops')
      .select(['command', 'push_state'])
      .where('command', 'in', ['bookings.booking.create', 'catalog.product.create'])
      .orderBy('device_seq')
      .execute();
    expect(ops.map((o) => o.push_state)).toEqual(['rejected', 'pushed']);
    expect(await productRow(hub, later)).toBeDefined();
    const status = await b.status();
    expect(status).toMatchObject({ state: 'synced', pendingOps: 0, conflicts: 1, deadLetters: 0 });
    const conflicts = (await b.agent.get('/api/sync/conflicts').expect(200)).body;
    expect(conflicts).toEqual([
      expect.objectContaining({
        kind: 'booking-rejected',
        link: `/bookings?date=2026-11-26&location=${room.locationId}`,
        reviewable: true,
      }),
    ]);
    // Free slots of the same length to offer instead, the refused room first, none overlapping A's booking.
    const slots = conflicts[0].suggestedSlots as { resourceId: string; startsAt: string; endsAt: string }[];
    expect(slots.length).toBeGreaterThan(0);
    expect(slots[0]?.resourceId).toBe(room.id);
    for (const s of slots) {
      expect(Date.parse(s.endsAt) - Date.parse(s.startsAt)).toBe(3_600_000);
      if (s.resourceId === room.id) expect(s.endsAt <= slot.startsAt || s.startsAt >= slot.endsAt).toBe(true);
    }
    // B's own booking shows the hub's verdict; A's booking (pulled) holds the slot on B too.
    const onB = await b.deps.db.selectFrom('bookings').select(['id', 'status']).orderBy('status').execute();
    expect(onB).toEqual([
      { id: expect.any(String), status: 'confirmed' },
      { id: mine.id, status: 'rejected' },
    ]);
  });

  it('an op the hub keeps refusing becomes a dead letter; retry sends it again', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = (url) =>
      url.endsWith('/sync/push')
        ? new Response(
            JSON.stringify({ code: 'payload-refused', status: 400, detail: 'This op is refused' }),
            {
              status: 400,
              headers: { 'content-type': 'application/problem+json' },
            },
          )
        : null;
    const id = await product(a, 'SAL-1');
    for (let i = 0; i < MAX_ATTEMPTS; i++) await a.sync();
    const status = await a.status();
    expect(status).toMatchObject({ state: 'error', pendingOps: 0, deadLetters: 1 });
    const letters = (await a.agent.get('/api/sync/dead-letters').expect(200)).body;
    expect(letters).toEqual([
      expect.objectContaining({ command: 'catalog.product.create', state: 'dead', attempts: MAX_ATTEMPTS }),
    ]);
    expect(letters[0].reason).toContain('This op is refused');

    a.net.state.intercept = null;
    await a.agent.post(`/api/sync/dead-letters/${letters[0].opId}/retry`).expect(200);
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
    expect(await productRow(hub, id)).toBeDefined();
    await a.agent.post(`/api/sync/dead-letters/${letters[0].opId}/retry`).expect(404);
  });

  it('a revoked device says so, stops syncing and keeps working locally', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await hub.db
      .updateTable('hub_devices')
      .set({ revoked_at: '2026-11-25T10:00:00.000Z' })
      .where('id', '=', a.deps.deviceId)
      .execute();
    const id = await product(a, 'VINO-1');
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'revoked', pendingOps: 1 });
    expect(await productRow(a, id)).toBeDefined();
    await product(a, 'VINO-2'); // local work goes on
    expect((await a.status()).pendingOps).toBe(2);
  });

  it('a console the hub finds too old says so and keeps its outbox', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = () =>
      new Response(JSON.stringify({ code: 'console-too-old', status: 426, detail: 'Update the console' }), {
        status: 426,
        headers: { 'content-type': 'application/problem+json' },
      });
    await product(a, 'ACEITE-1');
    await a.sync();
    const status = await a.status();
    expect(status).toMatchObject({ state: 'too-old', pendingOps: 1 });
    expect(status.lastError.message).toBe('Update the console');
  });

  it('when the hub comes back, the change stream reconnects and the waiting ops are pushed', async () => {
    const hub = await startHub();
    // Long backoff: only the stream coming back can start the next round in time.
    const b = await linkedConsole(hub, 'Caja B', { events: true, backoffBaseMs: 600_000 });
    await b.sync();
    await until(() => b.client.listening(hub.tenantId));
    await hub.stop();
    await until(() => !b.client.listening(hub.tenantId));
    const id = await product(b, 'VUELVE-1');
    await b.sync();
    expect(await b.status()).toMatchObject({ state: 'offline', pendingOps: 1 });
    await hub.restart();
    await until(async () => (await productRow(hub, id)) !== undefined, 10_000);
    await until(async () => (await b.status()).state === 'synced');
  });

  it('an online console pulls a commit on the hub through the change stream', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B', { events: true });
    await b.sync(); // opens the stream after a good round
    await until(() => b.client.listening(hub.tenantId));
    const id = await product(a, 'QUESO-1');
    await a.sync();
    await until(async () => (await productRow(b, id)) !== undefined);
    expect(await productRow(b, id)).toEqual(await productRow(a, id));
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}

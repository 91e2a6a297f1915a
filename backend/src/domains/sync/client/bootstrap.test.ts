/**
 * A console joining a business starts from the hub's snapshot (bootstrap.ts)
 * against a real hub on Postgres and a real SQLite console.
 */
import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../../db/change-tracking.js';
import type { DB } from '../../../db/schema.js';
import { defaultLocation, makeResource } from '../../bookings/bookings.fixtures.js';
import { pullChanges } from '../change-log.js';
import type { HubFetch } from './hub-http.js';
import { fromPostgresTimestamp, toSqlite } from './pull-apply.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

/** What one transaction number spans in server_seq (migration 0010); a snapshot's cursor ends its range. */
const TRANSACTION_SPAN = 2 ** 20;

/** A business with a bit of everything: categories, products (barcodes), a resource (JSON, booleans). */
async function businessOnHub(hub: Hub) {
  const agent = hub.owner.agent;
  const category = await agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);
  for (const sku of ['AGUA', 'ZUMO', 'CAFE']) {
    await agent
      .post('/api/catalog/products')
      .send({
        sku,
        name: `Producto ${sku}`,
        price: 150,
        taxRateBp: 1000,
        categoryId: category.body.id,
        barcodes: [`84${sku.length}000${sku.charCodeAt(0)}`],
      })
      .expect(201);
  }
  await makeResource(agent, await defaultLocation(agent));
}

/** `count` products written straight into the hub's Postgres (through the change triggers). */
async function bulkProducts(hub: Hub, count: number, prefix: string) {
  await sql`
    insert into products (id, tenant_id, sku, name, search_text, unit, price, cost, average_cost, tax_rate_bp,
      tracked, active, created_at, updated_at)
    select gen_random_uuid()::text, ${hub.tenantId}, ${prefix} || i, 'Producto ' || i, 'producto ' || i, 'unit',
      100 + i % 900, 60, 60, 2100, 1, 1, now(), now()
    from generate_series(1, ${count}::int) as i`.execute(hub.db);
}

/** Every synced table of the business, on the hub (as the console stores values) and on the console, equal. */
async function expectSameRows(hub: Hub, c: LinkedConsole) {
  for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
    const { rows: local } = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} where ${sql.ref(spec.tenantColumn)} = ${hub.tenantId}`.execute(
      c.deps.db,
    );
    const columns = new Set(
      (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(c.deps.db)).rows.map(
        (r) => r.name,
      ),
    );
    const { rows: images } = await sql<{ image: Record<string, unknown> }>`
      select to_jsonb(t) as image from ${sql.table(table)} t
      where ${sql.ref(`t.${spec.tenantColumn}`)} = ${hub.tenantId}`.execute(hub.db);
    // Compared on the columns both sides have (a console may lack a hub-only column, and the reverse).
    const shared = (image: Record<string, unknown>) => Object.keys(image).filter((k) => columns.has(k));
    const common = images[0] ? shared(images[0].image) : [];
    const pick = (r: Record<string, unknown>, convert: (v: unknown) => unknown) =>
      Object.fromEntries(common.map((k) => [k, convert(r[k])]));
    const byKey = (rows: Record<string, unknown>[]) =>
      rows
        .map((r) => ({ key: JSON.stringify(spec.primaryKey.map((k) => r[k])), r }))
        .sort((a, b) => a.key.localeCompare(b.key))
        .map(({ r }) => r);
    const onHub = byKey(images.map(({ image }) => pick(image, (v) => toSqlite(fromPostgresTimestamp(v)))));
    const consoleRows = byKey(local.map((r) => pick(r, (v) => v)));
    expect(consoleRows, table).toEqual(onHub);
  }
}

async function waitFor(condition: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('gave up waiting');
}

const cursorOf = async (db: Kysely<DB>) =>
  Number((await db.selectFrom('sync_link').select('pull_cursor').executeTakeFirstOrThrow()).pull_cursor);

/** A fetch whose snapshot body is handed through a transform (the rest goes to the hub untouched). */
function snapshotThrough(
  transform: (body: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array> | null,
): HubFetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).includes('/sync/snapshot') || !res.body) return res;
    const body = transform(res.body);
    return body ? new Response(body, { status: res.status, headers: res.headers }) : res;
  };
}

describe('a joining console starts from the hub snapshot', () => {
  it("gets exactly the hub's rows in every synced table, at the snapshot's cursor, then pulls normally", async () => {
    const hub = await startHub();
    await businessOnHub(hub);
    const c = await linkedConsole(hub, 'Caja nueva');

    await expectSameRows(hub, c);
    // The cursor is a snapshot's (the end of a transaction number's range), and nothing is left after it.
    const cursor = await cursorOf(c.deps.db);
    expect(cursor % TRANSACTION_SPAN).toBe(TRANSACTION_SPAN - 1);
    expect((await pullChanges(hub.db, hub.tenantId, cursor, 10)).changes).toEqual([]);
    expect(await c.status()).toMatchObject({ state: 'synced', pendingOps: 0, lastError: null });

    // Later changes come by ordinary pulls, on top of the snapshot.
    await hub.owner.agent.post('/api/catalog/categories').send({ name: 'Después' }).expect(201);
    await c.sync();
    await expectSameRows(hub, c);
    expect(await cursorOf(c.deps.db)).toBeGreaterThan(cursor);
  });

  it('a hub without snapshots (404): the ordinary pull from 0 brings the business', async () => {
    const hub = await startHub();
    await businessOnHub(hub);
    const oldHub: HubFetch = async (input, init) =>
      String(input).includes('/sync/snapshot')
        ? new Response(JSON.stringify({ code: 'not-found', status: 404 }), {
            status: 404,
            headers: { 'content-type': 'application/problem+json' },
          })
        : fetch(input, init);
    const c = await linkedConsole(hub, 'Caja nueva', { fetch: oldHub });
    await expectSameRows(hub, c);
    // A pulled row's number, not a snapshot's.
    expect((await cursorOf(c.deps.db)) % TRANSACTION_SPAN).not.toBe(TRANSACTION_SPAN - 1);
  });

  it('rows the hub commits while the snapshot streams arrive by the following pulls, none lost or doubled', {
    timeout: 90_000,
  }, async () => {
    const hub = await startHub();
    await businessOnHub(hub);
    const existing = await hub.db
      .selectFrom('products')
      .select('id')
      .where('tenant_id', '=', hub.tenantId)
      .where('sku', '=', 'AGUA')
      .executeTakeFirstOrThrow();
    // The last synced table is locked, so the hub's snapshot stops there, inside its transaction,
    // after streaming the tables before it; the business is written meanwhile.
    const { joining } = await hub.db.transaction().execute(async (tx) => {
      await sql`lock table bookings in access exclusive mode`.execute(tx);
      const joining = linkedConsole(hub, 'Caja nueva');
      await waitFor(async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and query like '%mostrador_snapshot%'`.execute(hub.db);
        return rows[0]?.n === 1;
      });
      const agent = hub.owner.agent;
      await agent.post('/api/catalog/categories').send({ name: 'Durante' }).expect(201);
      await agent.patch(`/api/catalog/products/${existing.id}`).send({ price: 999 }).expect(200);
      await agent
        .post('/api/catalog/products')
        .send({ sku: 'NUEVO', name: 'Nuevo durante', price: 10, taxRateBp: 1000 })
        .expect(201);
      await bulkProducts(hub, 50, 'LATE-');
      return { joining }; // not awaited here: committing releases the lock
    });
    const c = await joining;
    // The join's round applied the snapshot (a stalled or failed one would leave an error), then
    // pulled after its cursor what was written meanwhile.
    expect((await c.status()).lastError).toBeNull();
    await expectSameRows(hub, c);
    const local = c.deps.db.selectFrom('products').where('tenant_id', '=', hub.tenantId);
    expect(Number((await local.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(
      3 + 1 + 50,
    );
    expect(await local.select('price').where('id', '=', existing.id).executeTakeFirst()).toEqual({
      price: 999,
    });
  });

  it('a snapshot cut mid-stream leaves the cursor at 0, and the retry brings the hub exactly, stale rows gone', async () => {
    const hub = await startHub();
    await businessOnHub(hub);
    await bulkProducts(hub, 3_000, 'BULK-');
    const doomed = await hub.owner.agent
      .post('/api/catalog/categories')
      .send({ name: 'Se borra' })
      .expect(201);
    let cuts = 0;
    let seen = 0;
    const cutOnce = snapshotThrough((body) => {
      if (cuts > 0) return null;
      cuts++;
      const reader = body.getReader();
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          // Past the categories (applied when the products begin), before the end line.
          if (done || seen > 200_000) {
            await reader.cancel();
            controller.error(new TypeError('terminated', { cause: { code: 'ECONNRESET' } }));
            return;
          }
          seen += value.length;
          controller.enqueue(value);
        },
      });
    });
    const c = await linkedConsole(hub, 'Caja nueva', { fetch: cutOnce, backoffBaseMs: 10_000 });

    expect(cuts).toBe(1);
    expect(await cursorOf(c.deps.db)).toBe(0);
    const status = await c.status();
    expect(status.lastError?.message).toMatch(/snapshot was cut/);
    expect(status.lastError?.code).toBe('snapshot-interrupted');
    // What the cut attempt applied stays, but is no cursor: a category the hub then deletes must go.
    expect(
      await c.deps.db
        .selectFrom('categories')
        .select('name')
        .where('id', '=', doomed.body.id)
        .executeTakeFirst(),
    ).toEqual({ name: 'Se borra' });
    await sql`delete from categories where id = ${doomed.body.id}`.execute(hub.db);

    await c.sync();
    expect(await cursorOf(c.deps.db)).toBeGreaterThan(0);
    await expectSameRows(hub, c);
    expect(
      await c.deps.db
        .selectFrom('categories')
        .select('id')
        .where('id', '=', doomed.body.id)
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});

/**
 * A register's sales pushed to the hub in one batch are applied together
 * (pos.sale.ts `handleMany`, docs/decisions.md "Pushed sales applied as a
 * set"). What the hub ends with must be what applying them one after
 * another gives: the console applied each alone, so the two databases agree
 * table by table, and each op's stored result is the console's. A run the
 * hub cannot apply together is applied one by one, the refused sale in its
 * slot.
 */
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import request from 'supertest';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { insertProduct, insertTenant } from '../../../../test/builders.js';
import { addMember, signedInAgent, tempDir } from '../../../../test/helpers.js';
import { ledgerViolations, rowsOf, syncedTableDifferences } from '../../../../test/sync-compare.js';
import { verifyAuditChains } from '../../../core/audit.js';
import type { DB } from '../../../db/schema.js';
import { openSqlite } from '../../../db/sqlite.js';
import { defaultLocation } from '../../bookings/bookings.fixtures.js';
import { recordSale } from '../../pos/pos.sale.js';
import { pushedOp } from './push-loop.js';
import { type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function product(c: LinkedConsole, body: Record<string, unknown>) {
  return (await c.agent.post('/api/catalog/products').send(body).expect(201)).body.id as string;
}

async function sell(c: LinkedConsole, body: Record<string, unknown>) {
  const res = await c.agent.post('/api/pos/sales').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; total: number };
}

/** A console with a tracked, a weighed and an untracked product, stock of the first two, a customer and an open shift; and a second console. */
async function counterWithStock() {
  const hub = await startHub();
  const c = await linkedConsole(hub, 'Caja 1');
  const cup = await product(c, { sku: 'TAZ', name: 'Taza', price: 450, taxRateBp: 2100, tracked: true });
  const cheese = await product(c, {
    sku: 'QUE',
    name: 'Queso',
    price: 1890,
    taxRateBp: 1000,
    tracked: true,
    unit: 'kg',
  });
  const bag = await product(c, { sku: 'BOL', name: 'Bolsa', price: 10, taxRateBp: 2100, tracked: false });
  const locationId = await defaultLocation(c.agent);
  for (const [productId, qty] of [
    [cup, 6],
    [cheese, 3],
  ] as const) {
    await c.agent
      .post('/api/stock/adjustments')
      .send({ productId, locationId, qty, reason: 'adjustment', note: 'apertura' })
      .expect(200);
  }
  const customer = (await c.agent.post('/api/customers').send({ name: 'Lucía Gómez' }).expect(201)).body
    .id as string;
  await c.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
  // Another register of the business: it receives what is pushed through the change log.
  const other = await linkedConsole(hub, 'Caja 2');
  await c.sync();
  return { hub, c, other, cup, cheese, bag, customer };
}

/**
 * A copy of the console's database as it is now. Syncing pulls the hub's
 * rows back over the console's own, so the hub is compared with the console
 * as it was before the push.
 */
async function copyOf(db: Kysely<DB>): Promise<Kysely<DB>> {
  const file = path.join(tempDir(), 'before-push.db');
  await sql`vacuum into ${file}`.execute(db);
  const copy = openSqlite(file);
  onTestFinished(() => copy.destroy());
  return copy;
}

const saleOps = (rows: Record<string, unknown>[]) =>
  rows
    .filter((o) => o.command === 'pos.sale.record')
    .sort((a, b) => Number(a.device_seq) - Number(b.device_seq))
    .map((o) => ({ op: o.op_id, state: o.push_state, result: JSON.parse(String(o.result)) }));

describe('sales pushed together', () => {
  it("leave the hub as the console: the same rows, stock, oversell, receipt numbers and each op's result", async () => {
    const { hub, c, other, cup, cheese, bag, customer } = await counterWithStock();
    c.net.state.down = true;
    await sell(c, { lines: [{ productId: cup, qty: 2 }], payments: [{ method: 'cash', amount: 900 }] });
    await sell(c, {
      lines: [
        { productId: cheese, qty: 0.75 },
        { productId: bag, qty: 1 },
      ],
      customerId: customer,
      payments: [
        { method: 'card', amount: 1000, reference: 'VISA 4411' },
        { method: 'cash', amount: 1000 },
      ],
    });
    await sell(c, {
      lines: [{ productId: cup, qty: 3, discount: { kind: 'percent', bp: 1000 } }],
      cartDiscount: { kind: 'amount', amount: 50 },
      payments: [
        { method: 'card', amount: 1000 },
        { method: 'cash', amount: 1000 },
      ],
    });
    // Two more cups than are left: an oversell exception, on the hub as here.
    await sell(c, { lines: [{ productId: cup, qty: 3 }], payments: [{ method: 'cash', amount: 2000 }] });
    await sell(c, {
      lines: [{ productId: bag, qty: 2, note: 'sin logo' }],
      payments: [{ method: 'cash', amount: 20 }],
    });

    const beforePush = await copyOf(c.deps.db);
    const together = vi.spyOn(recordSale, 'handleMany');
    const oneByOne = vi.spyOn(recordSale, 'handler');
    c.net.state.down = false;
    await c.sync();

    // One call for the five sales, which applied: nothing fell back to one by one.
    expect(together).toHaveBeenCalledTimes(1);
    expect(together.mock.calls[0]?.[1]).toHaveLength(5);
    await expect(together.mock.results[0]?.value).resolves.toHaveLength(5);
    expect(oneByOne).not.toHaveBeenCalled();

    expect(await syncedTableDifferences(hub.db, beforePush, hub.tenantId)).toEqual({});
    expect(await syncedTableDifferences(hub.db, c.deps.db, hub.tenantId)).toEqual({});
    await other.sync();
    expect(await syncedTableDifferences(hub.db, other.deps.db, hub.tenantId)).toEqual({});
    expect(await ledgerViolations(hub.db, 'hub', hub.tenantId)).toEqual([]);
    expect(await rowsOf(hub.db, 'hub', hub.tenantId, 'oversell_exceptions')).toHaveLength(1);
    const onHub = saleOps(await hub.db.selectFrom('ops').selectAll().execute());
    const here = saleOps(await beforePush.selectFrom('ops').selectAll().execute());
    expect(onHub.map((o) => o.state)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(onHub.map((o) => [o.op, o.result])).toEqual(here.map((o) => [o.op, o.result]));
    expect(await verifyAuditChains(hub.db, hub.tenantId)).toMatchObject({ intact: true });
  });

  it('carry each author: a run sold by the owner and by a member of staff keeps both names and roles', async () => {
    const { hub, c, cup, bag } = await counterWithStock();
    // A member of staff of the business on the hub; the console learns of her at its next sync.
    await addMember(hub.deps, hub.tenantId, {
      email: 'marta@example.com',
      role: 'STAFF',
      name: 'Marta Ruiz',
    });
    await c.sync();
    const staff = await signedInAgent(c.app, 'marta@example.com');
    c.net.state.down = true;
    await sell(c, { lines: [{ productId: cup, qty: 1 }], payments: [{ method: 'cash', amount: 450 }] });
    const hers = await staff
      .post('/api/pos/sales')
      .send({
        lines: [{ productId: bag, qty: 3, discount: { kind: 'percent', bp: 500 } }],
        payments: [{ method: 'cash', amount: 100 }],
      })
      .expect(201);
    await sell(c, { lines: [{ productId: cup, qty: 1 }], payments: [{ method: 'cash', amount: 450 }] });
    const beforePush = await copyOf(c.deps.db);
    const together = vi.spyOn(recordSale, 'handleMany');
    c.net.state.down = false;
    await c.sync();

    expect(together).toHaveBeenCalledTimes(1);
    expect(together.mock.calls[0]?.[1].map((i) => i.ctx.actor?.role)).toEqual(['OWNER', 'STAFF', 'OWNER']);
    const onHub = saleOps(await hub.db.selectFrom('ops').selectAll().execute());
    const here = saleOps(await beforePush.selectFrom('ops').selectAll().execute());
    expect(onHub.map((o) => o.result.actorName)).toEqual(['Ana Pérez', 'Marta Ruiz', 'Ana Pérez']);
    expect(onHub.map((o) => [o.op, o.state, o.result])).toEqual(here.map((o) => [o.op, 'applied', o.result]));
    expect(onHub[1]?.result.id).toBe(hers.body.id);
    expect(await syncedTableDifferences(hub.db, beforePush, hub.tenantId)).toEqual({});
  });

  it('fall back to one by one when the hub refuses one: the others apply, the refused one is kept with its reason', async () => {
    const { hub, c, cup, bag } = await counterWithStock();
    c.net.state.down = true;
    const first = await sell(c, {
      lines: [{ productId: cup, qty: 1 }],
      payments: [{ method: 'cash', amount: 450 }],
    });
    const refused = await sell(c, {
      lines: [{ productId: bag, qty: 1 }],
      payments: [{ method: 'cash', amount: 10 }],
    });
    const last = await sell(c, {
      lines: [{ productId: cup, qty: 1 }],
      payments: [{ method: 'cash', amount: 450 }],
    });
    // The middle sale names a product the hub never had (its creation never reached the hub):
    // it does not apply there. A product withdrawn on the hub meanwhile would still apply — the
    // op carries what the register sold (soldAs) — so the outbox is rewritten as it would arrive.
    const outbox = (
      await c.deps.db
        .selectFrom('ops')
        .selectAll()
        .where('push_state', '=', 'pending')
        .orderBy('device_seq')
        .execute()
    ).map(pushedOp);
    expect(outbox.map((o) => o.command)).toEqual(['pos.sale.record', 'pos.sale.record', 'pos.sale.record']);
    const middle = (outbox[1] as (typeof outbox)[number]).input as { lines: { productId: string }[] };
    expect((middle.lines[0] as { productId: string }).productId).toBe(bag);
    (middle.lines[0] as { productId: string }).productId = c.deps.newId();

    const together = vi.spyOn(recordSale, 'handleMany');
    const oneByOne = vi.spyOn(recordSale, 'handler');
    await request(hub.url)
      .post('/sync/push')
      .set('authorization', `Bearer ${c.token}`)
      .send({ ops: outbox })
      .expect(200);

    expect(together).toHaveBeenCalledTimes(1);
    await expect(together.mock.results[0]?.value).rejects.toMatchObject({ code: 'product-unknown' });
    expect(oneByOne).toHaveBeenCalled();
    const onHub = saleOps(await hub.db.selectFrom('ops').selectAll().execute());
    expect(onHub.map((o) => [o.state, o.result.error?.code ?? null])).toEqual([
      ['applied', null],
      ['rejected', 'product-unknown'],
      ['applied', null],
    ]);
    const hubSales = await rowsOf(hub.db, 'hub', hub.tenantId, 'sales');
    expect(hubSales.map((s) => s.id).sort()).toEqual([first.id, last.id].sort());
    expect(hubSales.map((s) => s.id)).not.toContain(refused.id);
    expect(await ledgerViolations(hub.db, 'hub', hub.tenantId)).toEqual([]);
    expect(await verifyAuditChains(hub.db, hub.tenantId)).toMatchObject({ intact: true });
  });

  it('cannot touch another business: a pushed sale naming its product is refused and writes nothing of it', async () => {
    const { hub, c, cup } = await counterWithStock();
    const other = await insertTenant(hub.db, 'Otra tienda');
    const theirs = await insertProduct(hub.db, other, { sku: 'AJENA', price: 300 });
    c.net.state.down = true;
    await sell(c, { lines: [{ productId: cup, qty: 1 }], payments: [{ method: 'cash', amount: 450 }] });
    await sell(c, { lines: [{ productId: cup, qty: 1 }], payments: [{ method: 'cash', amount: 450 }] });
    // The outbox as the console would push it, the second sale rewritten to name the other business's product.
    const outbox = (
      await c.deps.db
        .selectFrom('ops')
        .selectAll()
        .where('push_state', '=', 'pending')
        .orderBy('device_seq')
        .execute()
    ).map(pushedOp);
    expect(outbox.map((o) => o.command)).toEqual(['pos.sale.record', 'pos.sale.record']);
    const second = (outbox[1] as (typeof outbox)[number]).input as { lines: { productId: string }[] };
    (second.lines[0] as { productId: string }).productId = theirs;
    const together = vi.spyOn(recordSale, 'handleMany');

    const res = await request(hub.url)
      .post('/sync/push')
      .set('authorization', `Bearer ${c.token}`)
      .send({ ops: outbox })
      .expect(200);

    expect(together).toHaveBeenCalledTimes(1);
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['applied', undefined],
      ['rejected', 'product-unknown'],
    ]);
    for (const table of ['sales', 'sale_lines', 'stock_movements', 'stock_balances'] as const) {
      expect(
        await hub.db.selectFrom(table).select('tenant_id').where('tenant_id', '=', other).execute(),
      ).toEqual([]);
    }
    expect(await rowsOf(hub.db, 'hub', hub.tenantId, 'sales')).toHaveLength(1);
  });
});

/**
 * Property test of the ledger (ARCHITECTURE §2): random sequences of
 * receipts, sales, returns, transfers and adjustments through the real
 * commands and `applyMovement`; afterwards the balance cache equals the
 * ledger sums, a rebuild changes nothing, transfers never change a product's
 * total and oversells exist exactly for tracked sales that went below zero.
 */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { insertLocation, insertProduct, insertTenant } from '../../../test/builders.js';
import { freshPostgres, freshSqlite } from '../../../test/helpers.js';
import { seeded } from '../../../test/seeded.js';
import type { CommandContext } from '../../core/pipeline.js';
import { execute } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { recordAdjustment, recordTransfer } from './stock.commands.js';
import { applyMovement, cachedBalances, ledgerSums, onHand, rebuildBalances } from './stock.ledger.js';

/** mulberry32: a tiny seeded PRNG, so a failing sequence replays exactly from its seed. */
function prng(seed: number) {
  const next = seeded(seed);
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

async function runSequence(db: Kysely<DB>, seed: number, ops = 300) {
  const rnd = prng(seed);
  const tenantId = await insertTenant(db, `Semilla ${seed}`);
  const locations = [
    await insertLocation(db, tenantId, 'Tienda'),
    await insertLocation(db, tenantId, 'Trastienda'),
    await insertLocation(db, tenantId, 'Almacén'),
  ];
  const products = await Promise.all(
    [true, true, true, true, false].map((tracked) => insertProduct(db, tenantId, { tracked })),
  );
  const untracked = new Set([products[4]]);
  const deps = { db, newId: uuidv7 };
  const start = Date.parse('2026-11-25T10:00:00.000Z');
  const expectedOversells = new Set<string>();
  const model = new Map<string, number>();
  const key = (p: string, l: string) => `${p}|${l}`;
  const bump = (p: string, l: string, q: number) => {
    const after = (model.get(key(p, l)) ?? 0) + q;
    model.set(key(p, l), after);
    return after;
  };

  for (let i = 0; i < ops; i++) {
    const ctx: CommandContext = {
      tenantId,
      actor: { userId: 'owner', role: 'OWNER' },
      deviceId: 'property-device',
      now: new Date(start + i * 1000).toISOString(),
      opId: uuidv7(),
    };
    const productId = rnd.pick(products);
    const locationId = rnd.pick(locations);
    const qtyMilli = rnd.int(1, 5000);
    const kind = rnd.pick(['receipt', 'sale', 'sale', 'return', 'transfer', 'adjustment'] as const);
    if (kind === 'receipt' || kind === 'sale') {
      const signed = kind === 'sale' ? -qtyMilli : qtyMilli;
      const id = uuidv7();
      const applied = await db
        .transaction()
        .execute((tx) =>
          applyMovement(tx, ctx, { id, productId, locationId, qtyMilli: signed, reason: kind }),
        );
      const after = bump(productId, locationId, signed);
      expect(applied.onHandAfterMilli).toBe(after);
      if (kind === 'sale' && after < 0 && !untracked.has(productId)) expectedOversells.add(id);
      expect(applied.oversell).toBe(expectedOversells.has(id));
    } else if (kind === 'return' || kind === 'adjustment') {
      const qty = (kind === 'adjustment' && rnd.int(0, 1) === 0 ? -qtyMilli : qtyMilli) / 1000;
      await execute(deps, ctx, recordAdjustment, {
        id: uuidv7(),
        productId,
        locationId,
        qty,
        reason: kind,
        note: kind === 'adjustment' ? `ajuste ${i}` : undefined,
      });
      bump(productId, locationId, Math.round(qty * 1000));
    } else {
      const toLocationId = rnd.pick(locations.filter((l) => l !== locationId));
      const totalBefore = await onHand(db, tenantId, productId);
      await execute(deps, ctx, recordTransfer, {
        id: uuidv7(),
        productId,
        fromLocationId: locationId,
        toLocationId,
        qty: qtyMilli / 1000,
      });
      bump(productId, locationId, -qtyMilli);
      bump(productId, toLocationId, qtyMilli);
      expect(await onHand(db, tenantId, productId)).toBe(totalBefore);
    }
  }

  const cached = await cachedBalances(db, tenantId);
  const sums = await ledgerSums(db, tenantId);
  expect(cached).toEqual(sums);
  expect(cached.map((b) => [`${b.productId}|${b.locationId}`, b.onHandMilli])).toEqual(
    [...model.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  expect(await rebuildBalances(db, tenantId)).toEqual(cached);
  expect(await cachedBalances(db, tenantId)).toEqual(cached);

  const transfers = await db
    .selectFrom('stock_movements')
    .select(['ref_id', (eb) => eb.fn.sum<number | string>('qty_milli').as('net')])
    .where('tenant_id', '=', tenantId)
    .where('ref_type', '=', 'transfer')
    .groupBy('ref_id')
    .execute();
  for (const t of transfers) expect(Number(t.net)).toBe(0);

  const oversells = await db
    .selectFrom('oversell_exceptions')
    .select('movement_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  expect(new Set(oversells.map((o) => o.movement_id))).toEqual(expectedOversells);
  expect(oversells).toHaveLength(expectedOversells.size);
  return { oversells: expectedOversells.size, transfers: transfers.length };
}

describe('stock ledger properties', () => {
  it.each([1, 7, 2026])('keeps the cache equal to the ledger on SQLite (seed %i)', async (seed) => {
    const db = await freshSqlite();
    const stats = await runSequence(db, seed);
    expect(stats.oversells).toBeGreaterThan(0);
    expect(stats.transfers).toBeGreaterThan(0);
  });

  it('keeps the cache equal to the ledger on Postgres', async () => {
    const db = await freshPostgres();
    const stats = await runSequence(db, 42);
    expect(stats.oversells).toBeGreaterThan(0);
  }, 120_000);
});

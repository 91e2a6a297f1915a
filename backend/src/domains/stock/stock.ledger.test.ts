import { describe, expect, it } from 'vitest';
import { ctxFor, insertLocation, insertProduct, insertTenant } from '../../../test/builders.js';
import { freshSqlite } from '../../../test/helpers.js';
import { applyMovement, cachedBalances, ledgerSums, onHand, oversellIdFor } from './stock.ledger.js';

describe('applyMovement', () => {
  it('writes the movement, keeps the cache and opens an oversell only for tracked sales below zero', async () => {
    const db = await freshSqlite();
    const tenant = await insertTenant(db);
    const loc = await insertLocation(db, tenant, 'Almacén');
    const tracked = await insertProduct(db, tenant);
    const untracked = await insertProduct(db, tenant, { tracked: false });
    const ctx = ctxFor(tenant);
    const r1 = await applyMovement(db, ctx, {
      id: 'm1',
      productId: tracked,
      locationId: loc,
      qtyMilli: 2000,
      reason: 'receipt',
    });
    expect(r1).toMatchObject({ onHandAfterMilli: 2000, oversell: false });
    const r2 = await applyMovement(db, ctx, {
      id: 'm2',
      productId: tracked,
      locationId: loc,
      qtyMilli: -3500,
      reason: 'sale',
    });
    expect(r2).toMatchObject({ onHandAfterMilli: -1500, oversell: true });
    const r3 = await applyMovement(db, ctx, {
      id: 'm3',
      productId: untracked,
      locationId: loc,
      qtyMilli: -1000,
      reason: 'sale',
    });
    expect(r3.oversell).toBe(false);
    const r4 = await applyMovement(db, ctx, {
      id: 'm4',
      productId: tracked,
      locationId: loc,
      qtyMilli: -1000,
      reason: 'adjustment',
    });
    expect(r4.oversell).toBe(false);
    expect(await onHand(db, tenant, tracked, loc)).toBe(-2500);
    expect(await onHand(db, tenant, tracked)).toBe(-2500);
    const exceptions = await db.selectFrom('oversell_exceptions').selectAll().execute();
    expect(exceptions.map((e) => [e.id, e.movement_id, e.on_hand_after_milli])).toEqual([
      [oversellIdFor('m2'), 'm2', -1500],
    ]);
    expect(await cachedBalances(db, tenant)).toEqual(await ledgerSums(db, tenant));
    await expect(
      applyMovement(db, ctx, {
        id: 'm5',
        productId: tracked,
        locationId: loc,
        qtyMilli: 0,
        reason: 'receipt',
      }),
    ).rejects.toThrow(/non-zero/);
  });
});

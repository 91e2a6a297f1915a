import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addBusiness, freshPostgres, freshSqlite, testDeps } from '../../test/helpers.js';
import type { DB } from '../db/schema.js';
import { NumberLedger, nextNumber, reserveNumbers } from './numbering.js';

const sides: [string, () => Promise<Kysely<DB>>][] = [
  ['SQLite', freshSqlite],
  ['Postgres', freshPostgres],
];
const deviceId = '0193a1b2-0000-7000-8000-00000000beef';
const receipt = (n: number) => `T-BEEF-${String(n).padStart(6, '0')}`;

describe.each(sides)('document numbering on %s', (_side, open) => {
  async function business() {
    const db = await open();
    return { db, tenantId: await addBusiness(await testDeps(db), 'Tienda') };
  }

  async function lastNumber(db: Kysely<DB>, tenantId: string) {
    const row = await db
      .selectFrom('number_series')
      .select('last_number')
      .where('tenant_id', '=', tenantId)
      .where('device_id', '=', deviceId)
      .where('series', '=', 'T')
      .executeTakeFirst();
    return Number(row?.last_number);
  }

  it("takes a series' next numbers in one step, continuing where single numbers left off", async () => {
    const { db, tenantId } = await business();
    const ctx = { tenantId, deviceId };
    const numbers = await db.transaction().execute(async (tx) => {
      const first = await nextNumber(tx, ctx, 'T');
      const three = await reserveNumbers(tx, [ctx, ctx, ctx], 'T');
      const after = await nextNumber(tx, ctx, 'T');
      return [first, ...three, after];
    });
    expect(numbers).toEqual([1, 2, 3, 4, 5].map(receipt));
  });

  it('keeps the numbers a command took, by series, for its op', async () => {
    const { db, tenantId } = await business();
    const ctx = { tenantId, deviceId, numbers: new NumberLedger() };
    await db.transaction().execute(async (tx) => {
      await nextNumber(tx, ctx, 'T');
      await nextNumber(tx, ctx, 'R');
      await nextNumber(tx, ctx, 'T');
    });
    expect(ctx.numbers.json()).toBe('{"R":[1],"T":[1,2]}');
    expect(new NumberLedger().json()).toBeNull();
  });

  it('replaying an op takes the numbers it carries, and the series moves up to them but never back', async () => {
    const { db, tenantId } = await business();
    const replay = (carried: Record<string, number[]>) => ({
      tenantId,
      deviceId,
      numbers: new NumberLedger(carried),
    });
    await db.transaction().execute(async (tx) => {
      // Numbers 1 and 2 were refused on the hub: the console's third sale still carries 3.
      expect(await nextNumber(tx, replay({ T: [3] }), 'T')).toBe(receipt(3));
      // Held back and applied later: its own number, below the series' last.
      expect(await nextNumber(tx, replay({ T: [2] }), 'T')).toBe(receipt(2));
    });
    expect(await lastNumber(db, tenantId)).toBe(3);
    const many = await db
      .transaction()
      .execute((tx) => reserveNumbers(tx, [replay({ T: [7] }), replay({ T: [8] })], 'T'));
    expect(many).toEqual([receipt(7), receipt(8)]);
    // One command taking three numbers of a series: the three it carries, in turn.
    const three = replay({ T: [10, 11, 12] });
    expect(await db.transaction().execute((tx) => reserveNumbers(tx, [three, three, three], 'T'))).toEqual(
      [10, 11, 12].map(receipt),
    );
    expect(await lastNumber(db, tenantId)).toBe(12);
  });

  it('ops of an older build (no numbers carried) mixed with newer ones are numbered each as alone', async () => {
    const { db, tenantId } = await business();
    const older = { tenantId, deviceId, numbers: new NumberLedger() };
    const newer = { tenantId, deviceId, numbers: new NumberLedger({ T: [5] }) };
    const numbers = await db.transaction().execute((tx) => reserveNumbers(tx, [older, newer, older], 'T'));
    expect(numbers).toEqual([receipt(1), receipt(5), receipt(6)]);
    expect(newer.numbers.json()).toBe('{"T":[5]}');
  });
});

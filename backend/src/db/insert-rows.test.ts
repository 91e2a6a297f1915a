import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addBusiness, freshPostgres, freshSqlite, testDeps } from '../../test/helpers.js';
import { insertRows } from './insert-rows.js';
import type { DB } from './schema.js';

const AWKWARD = [
  'a "quoted" name',
  'back\\slash',
  '{braces}',
  'coma, y punto',
  'NULL',
  '',
  'ñandú ☕ 🧾',
  "o'clock",
];

const sides: [string, () => Promise<Kysely<DB>>][] = [
  ['SQLite', freshSqlite],
  ['Postgres', freshPostgres],
];

describe.each(sides)('insertRows on %s', (_side, open) => {
  it('writes every row as given: awkward text, nulls and large integers', async () => {
    const db = await open();
    const tenantId = await addBusiness(await testDeps(db), 'Tienda');
    const customers = AWKWARD.map((name, i) => ({
      id: `00000000-0000-7000-8000-00000000000${i}`,
      tenant_id: tenantId,
      name,
      tax_id: i % 2 === 0 ? null : `B${i}`,
      email: null,
      phone: null,
      address: i === 3 ? 'Calle "Mayor", 1\\2' : null,
      notes: null,
      created_at: '2026-11-25T10:00:00.000Z',
      updated_at: '2026-11-25T10:00:00.000Z',
      deleted_at: null,
    }));
    await insertRows(db, 'customers', customers);
    await insertRows(db, 'customers', []);
    const back = await db
      .selectFrom('customers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute();
    expect(back).toEqual(customers);

    const series = [0, 1, 2_147_483_647].map((last, i) => ({
      tenant_id: tenantId,
      device_id: `device-${i}`,
      series: 'T',
      prefix: `T-${i}-`,
      last_number: last,
    }));
    await insertRows(db, 'number_series', series);
    const numbers = await db
      .selectFrom('number_series')
      .select(['device_id', 'last_number'])
      .where('tenant_id', '=', tenantId)
      .orderBy('device_id')
      .execute();
    expect(numbers.map((r) => [r.device_id, Number(r.last_number)])).toEqual(
      series.map((r) => [r.device_id, r.last_number]),
    );
  });

  it('refuses rows whose columns differ from the first, writing none of them', async () => {
    const db = await open();
    const tenantId = await addBusiness(await testDeps(db), 'Tienda');
    const row = { tenant_id: tenantId, device_id: 'd1', series: 'T', prefix: 'T-1-', last_number: 1 };
    const { prefix: _dropped, ...short } = { ...row, device_id: 'd2' };
    await expect(insertRows(db, 'number_series', [row, short as typeof row])).rejects.toThrow(
      /columns of the first/,
    );
    const left = await db
      .selectFrom('number_series')
      .select('device_id')
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(left).toEqual([]);
  });
});

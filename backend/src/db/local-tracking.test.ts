import path from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { ctxFor, insertTenant } from '../../test/builders.js';
import { tempDir, testDeps } from '../../test/helpers.js';
import { execute } from '../core/pipeline.js';
import { createCategory, updateCategoryCommand } from '../domains/catalog/catalog.commands.js';
import { ensureLocalTracking } from './local-tracking.js';
import { migrateToLatest } from './migrate.js';
import { openSqlite } from './sqlite.js';

const owner = { userId: uuidv7(), role: 'OWNER' as const };

async function notes(db: Awaited<ReturnType<typeof testDeps>>['db']) {
  const { rows } = await sql<{ table_name: string; row_key: string; device_seq: number }>`
    select table_name, row_key, device_seq from sync_dirty_keys order by rowid`.execute(db);
  return rows;
}

describe('dirty-row notes on the console', () => {
  it('keeps one note per pending op that wrote a row, so the row stays protected until the last settles', async () => {
    const deps = await testDeps();
    const tenantId = await insertTenant(deps.db);
    const categoryId = uuidv7();
    await execute(deps, ctxFor(tenantId, { actor: owner }), createCategory, { categoryId, name: 'Bebidas' });
    await execute(deps, ctxFor(tenantId, { actor: owner }), updateCategoryCommand, {
      categoryId,
      name: 'Refrescos',
    });

    const key = JSON.stringify([categoryId]);
    expect((await notes(deps.db)).filter((n) => n.row_key === key)).toEqual([
      { table_name: 'categories', row_key: key, device_seq: 1 },
      { table_name: 'categories', row_key: key, device_seq: 2 },
    ]);
    // No note is left unstamped once its op is written.
    expect((await notes(deps.db)).filter((n) => n.device_seq === 0)).toEqual([]);
  });

  it('moves a console with the earlier keyed notes table over, keeping its stamped notes', async () => {
    const db = openSqlite(path.join(tempDir(), 'upgrade.db'));
    try {
      await migrateToLatest(db);
      await sql`drop table sync_dirty_keys`.execute(db);
      await sql`create table sync_dirty_keys (
        table_name text not null, row_key text not null, device_seq integer not null,
        primary key (table_name, row_key)) without rowid`.execute(db);
      await sql`create index sync_dirty_keys_seq_idx on sync_dirty_keys (device_seq)`.execute(db);
      await sql`insert into sync_dirty_keys values ('products', '["a"]', 7), ('products', '["b"]', 0)`.execute(
        db,
      );

      await ensureLocalTracking(db);

      const { rows } = await sql<{ sql: string }>`
        select sql from sqlite_schema where type = 'table' and name = 'sync_dirty_keys'`.execute(db);
      expect(rows[0]?.sql.toLowerCase()).not.toContain('without rowid');
      expect(await notes(db as never)).toEqual([{ table_name: 'products', row_key: '["a"]', device_seq: 7 }]);
    } finally {
      await db.destroy();
    }
  });
});

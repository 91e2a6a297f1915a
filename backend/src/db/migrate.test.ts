import path from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../migrations/index.js';
import { freshPostgresUrl, tempDir } from '../../test/helpers.js';
import { MigrationOrderError, migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres.js';
import type { DB } from './schema.js';
import { openSqlite } from './sqlite.js';

const extra = (table: string): Migration => ({
  up: async (db) => {
    await db.schema.createTable(table).addColumn('id', 'text').execute();
  },
});

const dialects: [string, () => Promise<Kysely<DB>>][] = [
  ['SQLite', async () => openSqlite(path.join(tempDir(), 'm.db'))],
  ['Postgres', async () => openPostgres(await freshPostgresUrl(), 2)],
];

describe.each(dialects)('migration runner on %s', (_name, open) => {
  it('applies every migration once and is a no-op the second time', async () => {
    const db = await open();
    try {
      expect(await migrateToLatest(db)).toEqual(MIGRATIONS.map(([name]) => name));
      expect(await migrateToLatest(db)).toEqual([]);
      const tables = (await db.introspection.getTables()).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['tenants', 'users', 'ops', 'audit_entries']));
    } finally {
      await db.destroy();
    }
  });

  it('applies a migration appended later', async () => {
    const db = await open();
    try {
      await migrateToLatest(db);
      const longer = [...MIGRATIONS, ['9999_extra', extra('extra_table')] as const];
      expect(await migrateToLatest(db, longer)).toEqual(['9999_extra']);
    } finally {
      await db.destroy();
    }
  });

  it('refuses to start when the applied migrations are not a prefix of the files', async () => {
    const db = await open();
    try {
      await migrateToLatest(db, [...MIGRATIONS, ['0500_landed', extra('landed')] as const]);
      const inserted = [
        ...MIGRATIONS,
        ['0400_inserted', extra('inserted')] as const,
        ['0500_landed', extra('landed')] as const,
      ];
      await expect(migrateToLatest(db, inserted)).rejects.toThrow(MigrationOrderError);
      await expect(migrateToLatest(db, MIGRATIONS)).rejects.toThrow(/0500_landed/);
      const tables = (await db.introspection.getTables()).map((t) => t.name);
      expect(tables).not.toContain('inserted');
    } finally {
      await db.destroy();
    }
  });

  it('stores timestamps that read back as the same ISO text', async () => {
    const db = await open();
    try {
      await migrateToLatest(db);
      const at = '2026-03-29T01:30:00.123Z';
      await db.insertInto('devices').values({ id: 'd1', kind: 'self', created_at: at }).execute();
      const row = await db.selectFrom('devices').select('created_at').executeTakeFirstOrThrow();
      expect(row.created_at).toBe(at);
      const count = await sql<{ n: number }>`select count(*) as n from devices`.execute(db);
      expect(Number(count.rows[0]?.n)).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});

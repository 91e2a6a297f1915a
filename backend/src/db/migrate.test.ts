import path from 'node:path';
import { type Kysely, type Migration, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { LOCAL_ONLY_MIGRATIONS, MIGRATIONS, SCHEMA_VERSION } from '../../../migrations/index.js';
import { freshPostgresUrl, tempDir } from '../../test/helpers.js';
import { SYNCED_TABLES } from './change-tracking.js';
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

describe.each(dialects)('migration 0024 on %s', (name, open) => {
  it('keeps the PINs members had set, now in member_pins, and memberships no longer carries them', async () => {
    const db = await open();
    try {
      const before = MIGRATIONS.slice(
        0,
        MIGRATIONS.findIndex(([name]) => name === '0024_member_pins'),
      );
      await migrateToLatest(db, before);
      const now = '2026-12-01T10:00:00.000Z';
      await sql`insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
        values ('t1', 'Bar Sol', 'EUR', 'es-ES', 'Europe/Madrid', 'active', ${now}, ${now})`.execute(db);
      for (const [id, pin] of [
        ['u1', 'a'.repeat(64)],
        ['u2', null],
      ]) {
        await sql`insert into users (id, email, name, password_hash, status, created_at, updated_at)
          values (${id}, ${`${id}@example.com`}, ${id}, 'x', 'active', ${now}, ${now})`.execute(db);
        await sql`insert into memberships (tenant_id, user_id, role, status, pin_hmac, created_at)
          values ('t1', ${id}, 'ADMIN', 'active', ${pin}, ${now})`.execute(db);
      }
      await migrateToLatest(db);
      expect(await db.selectFrom('member_pins').selectAll().execute()).toEqual([
        { tenant_id: 't1', user_id: 'u1', pin_hmac: 'a'.repeat(64) },
      ]);
      const columns = (await db.introspection.getTables()).find((t) => t.name === 'memberships')?.columns;
      if (name === 'SQLite') {
        expect(columns?.map((c) => c.name)).not.toContain('pin_hmac');
      } else {
        // The hub keeps the column for processes of the previous build, emptied.
        const left = await sql<{ n: number }>`select count(*)::int as n from memberships
          where pin_hmac is not null`.execute(db);
        expect(left.rows[0]?.n).toBe(0);
      }
      expect(columns?.map((c) => c.name)).toContain('role');
    } finally {
      await db.destroy();
    }
  });
});

describe('migrations that leave SCHEMA_VERSION alone', () => {
  it('change nothing of the synced tables (columns, indexes, triggers), and each is counted out', async () => {
    expect(LOCAL_ONLY_MIGRATIONS.size).toBeGreaterThan(0);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length - LOCAL_ONLY_MIGRATIONS.size);
    const synced = Object.keys(SYNCED_TABLES);
    const schemaOf = async (db: Kysely<DB>) =>
      (
        await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
          select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db)
      ).rows.filter((r) => synced.includes(r.tbl_name));
    for (const name of LOCAL_ONLY_MIGRATIONS) {
      const at = MIGRATIONS.findIndex(([n]) => n === name);
      expect(at, name).toBeGreaterThan(0);
      const db = openSqlite(path.join(tempDir(), 'local-only.db'));
      try {
        await migrateToLatest(db, MIGRATIONS.slice(0, at));
        const before = await schemaOf(db);
        await migrateToLatest(db, MIGRATIONS.slice(0, at + 1));
        expect(await schemaOf(db), name).toEqual(before);
      } finally {
        await db.destroy();
      }
    }
  });
});

import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertCategory } from '../../../test/builders.js';
import { addBusiness, freshPostgresUrl, freshSqlite, testDeps } from '../../../test/helpers.js';
import {
  changesPerStatement,
  LOCAL_TABLES,
  SYNCED_TABLES,
  trackingFunctionBody,
} from '../../db/change-tracking.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import type { DB } from '../../db/schema.js';
import { pullChanges } from './change-log.js';

/** Resolves when `open()` is called: lets a test hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Waits until some backend of this database is waiting on a lock (the second writer is queued). */
async function untilSomeoneWaitsOnALock(db: Kysely<DB>) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no transaction ever waited on the lock');
}

async function twoHubs() {
  const url = await freshPostgresUrl();
  const hubA = openPostgres(url, 2);
  const hubB = openPostgres(url, 2);
  const reader = openPostgres(url, 2);
  await migrateToLatest(hubA);
  const deps = await testDeps(reader);
  const tenant = await addBusiness(deps, 'Tienda A');
  const other = await addBusiness(deps, 'Tienda B');
  return {
    hubA,
    hubB,
    reader,
    tenant,
    other,
    async close() {
      await Promise.all([hubA.destroy(), hubB.destroy(), reader.destroy()]);
    },
  };
}

/** Pulls every page after `cursor`; returns the new cursor and the category ids seen. */
async function pullAll(db: Kysely<DB>, tenantId: string, cursor: number) {
  const seen: string[] = [];
  let after = cursor;
  for (;;) {
    const page = await pullChanges(db, tenantId, after, 7);
    for (const change of page.changes) if (change.table === 'categories') seen.push(String(change.key[0]));
    after = page.cursor;
    if (!page.more) return { cursor: after, seen };
  }
}

describe('which tables sync', () => {
  it('lists every tenant table exactly once, with its real primary key', async () => {
    const db = await freshSqlite();
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table'
      and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
    const tenantTables: string[] = [];
    for (const { name } of tables.rows) {
      const columns = await sql<{ name: string; pk: number }>`
        select name, pk from pragma_table_info(${name})`.execute(db);
      const hasTenant = columns.rows.some((c) => c.name === 'tenant_id');
      if (!hasTenant && name !== 'tenants') continue;
      tenantTables.push(name);
      const spec = SYNCED_TABLES[name];
      if (spec) {
        const primaryKey = columns.rows
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        expect(spec.primaryKey, `${name}'s primary key`).toEqual(primaryKey);
      }
    }
    const classified = [...Object.keys(SYNCED_TABLES), ...Object.keys(LOCAL_TABLES)].sort();
    expect(classified, 'each table in SYNCED_TABLES or LOCAL_TABLES, once').toEqual(tenantTables.sort());
  });
});

describe("the hub's change log (Postgres)", () => {
  it('numbers changes in commit order even when two hubs write one tenant at once', async () => {
    const hubs = await twoHubs();
    try {
      const start = await pullAll(hubs.reader, hubs.tenant, 0);
      const first = gate();
      const firstWrote = gate();
      let firstId = '';
      const slow = hubs.hubA.transaction().execute(async (tx) => {
        firstId = await insertCategory(tx, hubs.tenant, 'Primera');
        firstWrote.open();
        await first.opened; // holds the tenant's sequence row until released
      });
      await firstWrote.opened;
      let secondId = '';
      const fast = hubs.hubB.transaction().execute(async (tx) => {
        secondId = await insertCategory(tx, hubs.tenant, 'Segunda');
      });
      await untilSomeoneWaitsOnALock(hubs.reader);

      // Nothing is committed yet: a pull now must not move the cursor past anything.
      const during = await pullAll(hubs.reader, hubs.tenant, start.cursor);
      expect(during.seen).toEqual([]);
      expect(during.cursor).toBe(start.cursor);

      first.open();
      await Promise.all([slow, fast]);
      const after = await pullAll(hubs.reader, hubs.tenant, during.cursor);
      expect(after.seen).toEqual([firstId, secondId]);
    } finally {
      await hubs.close();
    }
  });

  it('(control) a plain sequence, with the same interleaving, makes the reader skip a row', async () => {
    const hubs = await twoHubs();
    try {
      await sql`create table plain_log (seq bigserial primary key, label text not null)`.execute(hubs.reader);
      const first = gate();
      const firstWrote = gate();
      const slow = hubs.hubA.transaction().execute(async (tx) => {
        await sql`insert into plain_log (label) values ('first')`.execute(tx);
        firstWrote.open();
        await first.opened;
      });
      await firstWrote.opened;
      await sql`insert into plain_log (label) values ('second')`.execute(hubs.hubB);
      const read = async (after: number) =>
        (
          await sql<{ seq: string; label: string }>`
            select seq, label from plain_log where seq > ${after} order by seq`.execute(hubs.reader)
        ).rows;
      const early = await read(0);
      expect(early.map((r) => r.label)).toEqual(['second']);
      const cursor = Number(early.at(-1)?.seq);
      first.open();
      await slow;
      expect((await read(cursor)).map((r) => r.label)).toEqual([]); // 'first' is never seen
    } finally {
      await hubs.close();
    }
  });

  it('lets a continuous puller end with every row while two hubs write concurrently', async () => {
    const hubs = await twoHubs();
    try {
      const written: string[] = [];
      let writing = true;
      const writer = async (db: Kysely<DB>, label: string) => {
        for (let i = 0; i < 30; i++) {
          await db.transaction().execute(async (tx) => {
            const id = await insertCategory(tx, hubs.tenant, `${label} ${i}`);
            await new Promise((r) => setTimeout(r, (i * 7) % 5));
            if (i % 3 === 0) await insertCategory(tx, hubs.other, `${label} otro ${i}`);
            written.push(id);
          });
        }
      };
      const seen = new Set<string>();
      let cursor = 0;
      const puller = (async () => {
        while (writing) {
          const page = await pullAll(hubs.reader, hubs.tenant, cursor);
          for (const id of page.seen) seen.add(id);
          expect(page.cursor).toBeGreaterThanOrEqual(cursor);
          cursor = page.cursor;
        }
        const last = await pullAll(hubs.reader, hubs.tenant, cursor);
        for (const id of last.seen) seen.add(id);
      })();
      await Promise.all([writer(hubs.hubA, 'A'), writer(hubs.hubB, 'B')]);
      writing = false;
      await puller;
      expect(written).toHaveLength(60);
      expect([...seen].sort()).toEqual([...written].sort());
    } finally {
      await hubs.close();
    }
  });

  it("gives one tenant's puller only its rows: updates once at their latest number, deletes as tombstones", async () => {
    const hubs = await twoHubs();
    try {
      const theirs = await insertCategory(hubs.hubA, hubs.other, 'Secreto');
      const start = await pullAll(hubs.reader, hubs.tenant, 0);
      const ours = await insertCategory(hubs.hubA, hubs.tenant, 'Bebidas');
      const gone = await insertCategory(hubs.hubA, hubs.tenant, 'Temporal');
      await hubs.hubB
        .updateTable('categories')
        .set({ name: 'Bebidas frías' })
        .where('id', '=', ours)
        .execute();
      await hubs.hubB.deleteFrom('categories').where('id', '=', gone).execute();

      const page = await pullChanges(hubs.reader, hubs.tenant, start.cursor, 100);
      const categories = page.changes.filter((c) => c.table === 'categories');
      expect(categories.map((c) => [c.key[0], c.row?.name ?? null])).toEqual([
        [ours, 'Bebidas frías'],
        [gone, null],
      ]);
      expect(JSON.stringify(page)).not.toContain(theirs);
      expect(JSON.stringify(page)).not.toContain('Secreto');
      const seqs = page.changes.map((c) => c.serverSeq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      await hubs.close();
    }
  });
});

/** The business's change-log entries of one table, in number order, with each number split in two. */
async function logged(db: Kysely<DB>, tenantId: string, table: string) {
  const { rows } = await sql<{ row_key: string; server_seq: string; deleted: boolean }>`
    select row_key, server_seq, deleted from sync_rows
    where tenant_id = ${tenantId} and table_name = ${table} order by server_seq`.execute(db);
  return rows.map((r) => ({
    key: JSON.parse(r.row_key) as unknown[],
    txNumber: Number(BigInt(r.server_seq) >> 20n),
    place: Number(BigInt(r.server_seq) & 0xfffffn),
    deleted: r.deleted,
  }));
}

async function lastTxNumber(db: Kysely<DB>, tenantId: string) {
  const { rows } = await sql<{ last_seq: string }>`
    select last_seq from sync_tenant_seq where tenant_id = ${tenantId}`.execute(db);
  return Number(rows[0]?.last_seq ?? 0);
}

const categoryRow = (tenantId: string, id: string, name: string) => ({
  id,
  tenant_id: tenantId,
  parent_id: null,
  name,
  created_at: '2026-11-25T10:00:00.000Z',
  updated_at: '2026-11-25T10:00:00.000Z',
  deleted_at: null,
});

describe('both writers of the change log in one transaction (Postgres)', () => {
  it('continue one numbering: row, statement, row — across a full transaction number too', async () => {
    const hubs = await twoHubs();
    try {
      const id = (n: number) => `00000000-0000-7000-8000-0000000000b${n}`;
      const row = (n: number) => categoryRow(hubs.tenant, id(n), `Cat ${n}`);
      const before = await lastTxNumber(hubs.hubA, hubs.tenant);
      await hubs.hubA.transaction().execute(async (tx) => {
        await tx.insertInto('categories').values(row(1)).execute();
        await changesPerStatement(tx, () =>
          tx
            .insertInto('categories')
            .values([row(2), row(3)])
            .execute(),
        );
        await tx.insertInto('categories').values(row(4)).execute();
        // Two places left: the row trigger fills them, then the statement needs a new number.
        await sql`select set_config('mostrador.sync_next', ${String((before + 1) * 2 ** 20 + 2 ** 20 - 3)}, true)`.execute(
          tx,
        );
        await tx.insertInto('categories').values(row(5)).execute();
        await changesPerStatement(tx, () =>
          tx
            .insertInto('categories')
            .values([row(6), row(7)])
            .execute(),
        );
        await tx.insertInto('categories').values(row(8)).execute();
      });
      const rows = await logged(hubs.reader, hubs.tenant, 'categories');
      expect(rows.map((r) => [r.key[0], r.txNumber - before, r.place])).toEqual([
        [id(1), 1, 1],
        [id(2), 1, 2],
        [id(3), 1, 3],
        [id(4), 1, 4],
        [id(5), 1, 2 ** 20 - 2],
        [id(6), 2, 1],
        [id(7), 2, 2],
        [id(8), 2, 3],
      ]);
    } finally {
      await hubs.close();
    }
  });
});

describe('a statement of more rows than a transaction number has places (Postgres)', () => {
  it('takes as many numbers as it needs at once, and the next statement continues in the last', async () => {
    const hubs = await twoHubs();
    try {
      // The per-statement function with 3 places per number (2^20 - 1 in use), on a table of its own.
      const db = hubs.hubA;
      await sql`create table small_rows (tenant_id text not null, id text primary key)`.execute(db);
      const body = trackingFunctionBody({ tenantColumn: 'tenant_id', primaryKey: ['id'] }, 3);
      await sql`create function track_small_rows() returns trigger language plpgsql as ${sql.lit(body)}`.execute(
        db,
      );
      await sql`create trigger track_small_rows after insert on small_rows referencing new table as changed_rows
        for each statement execute function track_small_rows()`.execute(db);
      const insert = (tx: Kysely<DB>, ids: number[]) =>
        sql`insert into small_rows (tenant_id, id) select ${hubs.tenant}, x from unnest(${ids.map(String)}::text[]) as x`.execute(
          tx,
        );
      const before = await lastTxNumber(db, hubs.tenant);
      await db.transaction().execute(async (tx) => {
        await insert(tx, [1, 2, 3, 4, 5, 6, 7]);
        await insert(tx, [8, 9]);
        await insert(tx, [10]);
      });
      const rows = await logged(hubs.reader, hubs.tenant, 'small_rows');
      expect(rows.map((r) => [r.key[0], r.txNumber - before, r.place])).toEqual([
        ['1', 1, 1],
        ['2', 1, 2],
        ['3', 1, 3],
        ['4', 2, 1],
        ['5', 2, 2],
        ['6', 2, 3],
        ['7', 3, 1],
        ['8', 3, 2],
        ['9', 3, 3],
        ['10', 4, 1],
      ]);
      expect(await lastTxNumber(db, hubs.tenant)).toBe(before + 4);
    } finally {
      await hubs.close();
    }
  });
});

/**
 * The two writers of the change log (db/change-tracking.ts): the row trigger by default, the
 * statement triggers inside `changesPerStatement`. Each behaviour is asserted for both: they
 * must number and key alike, so a transaction may use either and a puller cannot tell.
 */
describe.each([
  ['per row', false],
  ['per statement', true],
])('the change log written %s (Postgres)', (_mode, perStatement) => {
  /** `fn` in one transaction of `db`, with the change log written as this block says. */
  const write = (db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<unknown>) =>
    db.transaction().execute((tx) => (perStatement ? changesPerStatement(tx, () => fn(tx)) : fn(tx)));

  it('numbers every row of multi-row statements in order, under one transaction number', async () => {
    const hubs = await twoHubs();
    try {
      const ids = Array.from({ length: 5 }, (_, i) => `00000000-0000-7000-8000-00000000000${i}`);
      const before = await lastTxNumber(hubs.hubA, hubs.tenant);
      await write(hubs.hubA, async (tx) => {
        await tx
          .insertInto('categories')
          .values(ids.slice(0, 3).map((id, i) => categoryRow(hubs.tenant, id, `Cat ${i}`)))
          .execute();
        await tx
          .insertInto('categories')
          .values(ids.slice(3).map((id, i) => categoryRow(hubs.tenant, id, `Cat ${i + 3}`)))
          .execute();
      });
      const rows = await logged(hubs.reader, hubs.tenant, 'categories');
      expect(rows.map((r) => r.key)).toEqual(ids.map((id) => [id]));
      expect(rows.map((r) => r.place)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(rows.map((r) => r.txNumber))).toEqual(new Set([before + 1]));
      expect(await lastTxNumber(hubs.hubA, hubs.tenant)).toBe(before + 1);

      // Updating and deleting several rows at once: each row once, at its latest number.
      await write(hubs.hubA, async (tx) => {
        await tx
          .updateTable('categories')
          .set({ name: 'Renamed' })
          .where('id', 'in', ids.slice(0, 2))
          .execute();
        await tx.deleteFrom('categories').where('id', 'in', ids.slice(1, 4)).execute();
      });
      const after = await logged(hubs.reader, hubs.tenant, 'categories');
      expect(after.map((r) => [r.key[0], r.txNumber === before + 2, r.deleted])).toEqual([
        [ids[4], false, false],
        [ids[0], true, false],
        [ids[1], true, true],
        [ids[2], true, true],
        [ids[3], true, true],
      ]);
    } finally {
      await hubs.close();
    }
  });

  it('keys composite rows as the pull reads them, for the inserted and the updated rows of one upsert', async () => {
    const hubs = await twoHubs();
    try {
      const series = (device: string, last: number) => ({
        tenant_id: hubs.tenant,
        device_id: device,
        series: 'T',
        prefix: 'T-AB-',
        last_number: last,
      });
      await hubs.hubA.insertInto('number_series').values(series('dev-1', 1)).execute();
      const start = (await pullChanges(hubs.reader, hubs.tenant, 0, 1000)).cursor;
      // One statement: dev-1's row is updated, dev-2's inserted.
      await write(hubs.hubA, (tx) =>
        tx
          .insertInto('number_series')
          .values([series('dev-1', 1), series('dev-2', 7)])
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'device_id', 'series'])
              .doUpdateSet({ last_number: sql`number_series.last_number + 1` }),
          )
          .execute(),
      );
      const page = await pullChanges(hubs.reader, hubs.tenant, start, 100);
      // Both rows of the one statement, each at its own number (their order within it is Postgres's).
      const changes = page.changes
        .map((c) => [c.table, c.key, c.row?.last_number === undefined ? null : Number(c.row.last_number)])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
      expect(changes).toEqual([
        ['number_series', [hubs.tenant, 'dev-1', 'T'], 2],
        ['number_series', [hubs.tenant, 'dev-2', 'T'], 7],
      ]);
      expect(new Set(page.changes.map((c) => c.serverSeq)).size).toBe(2);
    } finally {
      await hubs.close();
    }
  });

  it('takes a new transaction number when the current one has no room left', async () => {
    const hubs = await twoHubs();
    try {
      const ids = ['00000000-0000-7000-8000-0000000000a1', '00000000-0000-7000-8000-0000000000a2'];
      const before = await lastTxNumber(hubs.hubA, hubs.tenant);
      await write(hubs.hubA, async (tx) => {
        await tx
          .insertInto('categories')
          .values(categoryRow(hubs.tenant, ids[0] as string, 'Primera'))
          .execute();
        // As if this transaction had already used all but one place of its number.
        await sql`select set_config('mostrador.sync_next', ${String((before + 1) * 2 ** 20 + 2 ** 20 - 2)}, true)`.execute(
          tx,
        );
        await tx
          .insertInto('categories')
          .values([
            categoryRow(hubs.tenant, ids[1] as string, 'Segunda'),
            categoryRow(hubs.tenant, '00000000-0000-7000-8000-0000000000a3', 'Tercera'),
          ])
          .execute();
        await tx
          .insertInto('categories')
          .values(categoryRow(hubs.tenant, '00000000-0000-7000-8000-0000000000a4', 'Cuarta'))
          .execute();
      });
      const rows = await logged(hubs.reader, hubs.tenant, 'categories');
      // Row by row, the first row takes the last place; a statement that does not fit starts the next number.
      expect(rows.map((r) => [r.txNumber - before, r.place])).toEqual(
        perStatement
          ? [
              [1, 1],
              [2, 1],
              [2, 2],
              [2, 3],
            ]
          : [
              [1, 1],
              [1, 2 ** 20 - 1],
              [2, 1],
              [2, 2],
            ],
      );
      expect(await lastTxNumber(hubs.hubA, hubs.tenant)).toBe(before + 2);
    } finally {
      await hubs.close();
    }
  });

  it("replaces an upgraded hub's row trigger: each change is logged once", async () => {
    const hubs = await twoHubs();
    try {
      // A hub migrated before this change has migration 0010's row trigger on every synced table.
      await sql`create or replace trigger mostrador_track_change after insert or update or delete on categories
        for each row execute function mostrador_track_change('tenant_id', 'id')`.execute(hubs.hubA);
      // (Found by what the catalog shows, not by a record of the older build's set-up.)
      await migrateToLatest(hubs.hubA);
      const { rows } = await sql<{ tgname: string }>`
        select tgname from pg_trigger where tgrelid = 'categories'::regclass and tgname like 'mostrador%'
        order by tgname`.execute(hubs.hubA);
      expect(rows.map((r) => r.tgname)).toEqual([
        'mostrador_track_change',
        'mostrador_track_delete',
        'mostrador_track_insert',
        'mostrador_track_update',
      ]);
      const before = await lastTxNumber(hubs.hubA, hubs.tenant);
      await write(hubs.hubA, (tx) => insertCategory(tx, hubs.tenant, 'Una vez'));
      expect((await logged(hubs.reader, hubs.tenant, 'categories')).map((r) => r.place)).toEqual([1]);
      expect(await lastTxNumber(hubs.hubA, hubs.tenant)).toBe(before + 1);
    } finally {
      await hubs.close();
    }
  });

  it("numbers a statement that writes two businesses' rows from each business's own counter", async () => {
    const hubs = await twoHubs();
    try {
      await insertCategory(hubs.hubA, hubs.tenant, 'Nuestra');
      await insertCategory(hubs.hubA, hubs.other, 'Suya');
      const ours = await lastTxNumber(hubs.hubA, hubs.tenant);
      const theirs = await lastTxNumber(hubs.hubA, hubs.other);
      // The owner's connection (no row-level security), as a platform command would.
      await write(hubs.hubA, (tx) =>
        tx
          .updateTable('categories')
          .set({ name: sql`name || ' (2)'` })
          .where('tenant_id', 'in', [hubs.tenant, hubs.other])
          .execute(),
      );
      const mine = await logged(hubs.reader, hubs.tenant, 'categories');
      const other = await logged(hubs.reader, hubs.other, 'categories');
      expect(mine.map((r) => r.txNumber)).toEqual([ours + 1]);
      expect(other.map((r) => r.txNumber)).toEqual([theirs + 1]);
      const theirPull = (await pullChanges(hubs.reader, hubs.other, 0, 10)).changes;
      expect(theirPull.filter((c) => c.table === 'categories').map((c) => c.row?.name)).toEqual(['Suya (2)']);
    } finally {
      await hubs.close();
    }
  });
});

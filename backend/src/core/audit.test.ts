import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MIGRATIONS } from '../../../migrations/index.js';
import { freshPostgres, freshPostgresUrl, freshSqlite, tempDir, turnsDuring } from '../../test/helpers.js';
import { migrateToLatest } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import type { AuditEntriesTable, DB } from '../db/schema.js';
import { openSqlite } from '../db/sqlite.js';
import { AuditChainWriter, verifyAllAuditChains, verifyAuditChains } from './audit.js';
import { command, execute } from './pipeline.js';

const note = command({
  name: 'test.audit.note',
  permission: 'business.manage',
  input: z.object({ text: z.string() }),
  sync: false,
  async handler(_tx, input) {
    return {
      result: null,
      entity: { type: 'note', id: input.text },
      before: null,
      after: { text: input.text },
    };
  },
});

async function writeNotes(db: Kysely<DB>, tenantId: string, deviceId: string, texts: string[]) {
  for (const [i, text] of texts.entries()) {
    await execute(
      { db, newId: uuidv7 },
      {
        tenantId,
        deviceId,
        actor: { userId: 'u1', role: 'OWNER' },
        now: `2026-11-25T10:00:0${i}.000Z`,
        opId: uuidv7(),
      },
      note,
      { text },
    );
  }
}

const entries = (db: Kysely<DB>, tenantId: string) =>
  db
    .selectFrom('audit_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('device_id')
    .orderBy('seq')
    .execute();

type Column = keyof AuditEntriesTable;
const tampered: Record<Column, (row: AuditEntriesTable) => unknown> = {
  id: () => uuidv7(),
  tenant_id: () => 'tenant-z',
  device_id: () => 'device-x',
  seq: (r) => r.seq + 10,
  op_id: () => uuidv7(),
  actor_id: () => 'someone-else',
  command: () => 'tenancy.business.update',
  entity_type: () => 'invoice',
  entity_id: () => 'other',
  summary: () => '{"after":{"text":"edited"},"before":null}',
  created_at: () => '2020-01-01T00:00:00.000Z',
  prev_hash: () => 'f'.repeat(64),
  hash: () => 'e'.repeat(64),
};

describe.each([
  ['SQLite', freshSqlite],
  ['Postgres', freshPostgres],
])('audit chain on %s', (name, fresh) => {
  it('reports an untouched chain intact with its entry count', async () => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two', 'three']);
    await writeNotes(db, 'tenant-a', 'device-2', ['four']);
    await writeNotes(db, 'tenant-b', 'device-1', ['five']);
    expect(await verifyAuditChains(db, 'tenant-a')).toEqual({ intact: true, entries: 4 });
    const chain = await entries(db, 'tenant-b');
    expect(chain.map((e) => e.seq)).toEqual([1]);
  });

  it.each(Object.keys(tampered) as Column[])('names the entry whose %s was changed', async (column) => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two', 'three']);
    const victim = (await entries(db, 'tenant-a'))[1] as AuditEntriesTable;
    const value = tampered[column](victim);
    await sql`update audit_entries set ${sql.ref(column)} = ${value} where id = ${victim.id}`.execute(db);
    const tamperedId = column === 'id' ? (value as string) : victim.id;
    const report = await verifyAllAuditChains(db);
    const broken = report.filter((r) => !r.result.intact).map((r) => r.result);
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.map((b) => (b.intact ? null : b.brokenEntryId))).toContain(tamperedId);
  });

  it('notices a deleted entry at the one after it', async () => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two', 'three']);
    const [, second, third] = await entries(db, 'tenant-a');
    await db
      .deleteFrom('audit_entries')
      .where('id', '=', second?.id as string)
      .execute();
    expect(await verifyAuditChains(db, 'tenant-a')).toMatchObject({
      intact: false,
      brokenEntryId: third?.id,
      seq: 3,
    });
  });

  it('verifies in pages, with turns of the event loop between them, to the same answers', async () => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two', 'three']);
    await writeNotes(db, 'tenant-a', 'device-2', ['four', 'five']);
    await writeNotes(db, 'tenant-a', 'device-3', ['six', 'seven', 'eight', 'nine']);
    await writeNotes(db, 'tenant-b', 'device-1', ['ten']);
    const { result, turns } = await turnsDuring(() => verifyAuditChains(db, 'tenant-a', 2));
    expect(result).toEqual({ intact: true, entries: 9 });
    // Five pages: requests get in between each two. (On Postgres every query waits
    // on its socket, so the loop turns anyway; better-sqlite3 answers synchronously.)
    if (name === 'SQLite') expect(turns).toBeGreaterThanOrEqual(4);

    // A page boundary does not hide a tampered entry or a removed one.
    const [, second, third] = await entries(db, 'tenant-a');
    await sql`update audit_entries set seq = ${(second?.seq ?? 0) + 10} where id = ${second?.id}`.execute(db);
    expect(await verifyAuditChains(db, 'tenant-a', 2)).toMatchObject({
      intact: false,
      brokenEntryId: second?.id,
    });
    await db
      .deleteFrom('audit_entries')
      .where('id', '=', second?.id as string)
      .execute();
    expect(await verifyAuditChains(db, 'tenant-a', 2)).toMatchObject({
      intact: false,
      brokenEntryId: third?.id,
    });
    // Removing a whole chain is a lost tail too: device-1 had reached #3.
    await db.deleteFrom('audit_entries').where('device_id', '=', 'device-1').execute();
    expect(await verifyAuditChains(db, 'tenant-a', 1)).toEqual({
      intact: false,
      entries: 6,
      brokenEntryId: '',
      deviceId: 'device-1',
      seq: 1,
      reason: 'newest entries missing: the chain ends at #0 but had reached #3',
      tail: { lastSeq: 0, headSeq: 3 },
    });
  });

  it.each([1, 2, 1000])(
    "notices that a chain's newest entries were removed, and names the device (pages of %i)",
    async (pageSize) => {
      const db = await fresh();
      await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two', 'three']);
      await writeNotes(db, 'tenant-a', 'device-2', ['four', 'five', 'price dropped']);
      await writeNotes(db, 'tenant-a', 'device-3', ['six']);
      const chain = await entries(db, 'tenant-a');
      const kept = chain.find((e) => e.device_id === 'device-2' && e.seq === 2) as AuditEntriesTable;
      // Every remaining link holds: only the head recorded at the append tells.
      await db.deleteFrom('audit_entries').where('device_id', '=', 'device-2').where('seq', '=', 3).execute();
      expect(await verifyAuditChains(db, 'tenant-a', pageSize)).toEqual({
        intact: false,
        entries: 6,
        brokenEntryId: kept.id,
        deviceId: 'device-2',
        seq: 3,
        reason: 'newest entries missing: the chain ends at #2 but had reached #3',
        tail: { lastSeq: 2, headSeq: 3 },
      });
      // The last chain in the order, and the command-line report of every business.
      await db.deleteFrom('audit_entries').where('device_id', '=', 'device-3').execute();
      await db
        .deleteFrom('audit_entries')
        .where('tenant_id', '=', 'tenant-a')
        .where('device_id', '=', 'device-2')
        .execute();
      const [report] = await verifyAllAuditChains(db);
      expect(report?.result).toMatchObject({
        intact: false,
        deviceId: 'device-2',
        tail: { lastSeq: 0, headSeq: 3 },
      });
    },
  );

  it('a newest entry replaced by another, or one added after it, is not the chain it recorded', async () => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two', 'three']);
    const [, , third] = await entries(db, 'tenant-a');
    // A self-consistent entry in place of #3 (rehashed from #2, as someone with the file could).
    const forged = await db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('audit_entries')
        .where('id', '=', third?.id as string)
        .execute();
      const writer = await AuditChainWriter.open(tx, 'tenant-a', 'device-1');
      const entry = writer.append({
        id: uuidv7(),
        tenantId: 'tenant-a',
        deviceId: 'device-1',
        opId: uuidv7(),
        actorId: 'u1',
        command: 'test.audit.note',
        entityType: 'note',
        entityId: 'harmless',
        before: null,
        after: { text: 'harmless' },
        createdAt: third?.created_at as string,
      });
      await tx.insertInto('audit_entries').values(entry).execute(); // not through the writer: no head
      return entry;
    });
    expect(await verifyAuditChains(db, 'tenant-a')).toMatchObject({
      intact: false,
      brokenEntryId: forged.id,
      deviceId: 'device-1',
      seq: 3,
    });
    // Put the original back and add a fourth entry behind the head's back.
    await db.deleteFrom('audit_entries').where('id', '=', forged.id).execute();
    await db
      .insertInto('audit_entries')
      .values(third as AuditEntriesTable)
      .execute();
    expect(await verifyAuditChains(db, 'tenant-a')).toEqual({ intact: true, entries: 3 });
    const extra = await db.transaction().execute(async (tx) => {
      const writer = await AuditChainWriter.open(tx, 'tenant-a', 'device-1');
      const entry = writer.append({
        ...{ id: uuidv7(), tenantId: 'tenant-a', deviceId: 'device-1', opId: uuidv7() },
        actorId: null,
        command: 'test.audit.note',
        entityType: 'note',
        entityId: 'slipped in',
        before: null,
        after: null,
        createdAt: '2026-11-25T12:00:00.000Z',
      });
      await tx.insertInto('audit_entries').values(entry).execute();
      return entry;
    });
    expect(await verifyAuditChains(db, 'tenant-a')).toMatchObject({
      intact: false,
      brokenEntryId: extra.id,
      seq: 4,
      reason: 'entry after #3, the newest this chain recorded',
    });
  });

  it("a chain with no head here (another device's, pulled from the hub) is checked by its links", async () => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two']);
    await writeNotes(db, 'tenant-a', 'device-2', ['three', 'four']);
    // As a pull leaves it: the entries, and no head (pull and snapshot write entries only).
    await db.deleteFrom('audit_chain_heads').where('device_id', '=', 'device-2').execute();
    expect(await verifyAuditChains(db, 'tenant-a')).toEqual({ intact: true, entries: 4 });
    await db.deleteFrom('audit_entries').where('device_id', '=', 'device-1').where('seq', '=', 2).execute();
    expect(await verifyAuditChains(db, 'tenant-a')).toMatchObject({
      intact: false,
      deviceId: 'device-1',
      tail: { lastSeq: 1, headSeq: 2 },
    });
  });

  it('appends a batch with one read of the head and one write: the chain continues intact', async () => {
    const db = await fresh();
    await writeNotes(db, 'tenant-a', 'device-1', ['one', 'two']);
    await writeNotes(db, 'tenant-a', 'device-2', ['elsewhere']);
    const draft = (text: string) => ({
      id: uuidv7(),
      tenantId: 'tenant-a',
      deviceId: 'device-1',
      opId: uuidv7(),
      actorId: 'u1',
      command: 'test.audit.note',
      entityType: 'note',
      entityId: text,
      before: null,
      after: { text },
      createdAt: '2026-11-25T11:00:00.000Z',
    });
    await db.transaction().execute(async (tx) => {
      const writer = await AuditChainWriter.open(tx, 'tenant-a', 'device-1');
      writer.append(draft('three'));
      const mark = writer.mark();
      writer.append(draft('rolled back'));
      writer.append(draft('rolled back too'));
      writer.rewind(mark);
      writer.append(draft('four'));
      await writer.flush(tx);
    });
    // The batch recorded its chain's head: its newest entry, removed, is missed.
    const head = async () =>
      db
        .selectFrom('audit_chain_heads')
        .select(['seq'])
        .where('device_id', '=', 'device-1')
        .executeTakeFirst();
    expect(await head()).toEqual({ seq: 4 });
    await writeNotes(db, 'tenant-a', 'device-1', ['five']);
    expect(await verifyAuditChains(db, 'tenant-a')).toEqual({ intact: true, entries: 6 });
    expect(await head()).toEqual({ seq: 5 });
    const chain = (await entries(db, 'tenant-a')).filter((e) => e.device_id === 'device-1');
    expect(chain.map((e) => [e.seq, e.entity_id])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
      [4, 'four'],
      [5, 'five'],
    ]);
  });

  it('starts a chain from a batch, and a batch rewound to nothing writes nothing', async () => {
    const db = await fresh();
    await db.transaction().execute(async (tx) => {
      const writer = await AuditChainWriter.open(tx, 'tenant-b', 'device-9');
      writer.append({
        id: uuidv7(),
        tenantId: 'tenant-b',
        deviceId: 'device-9',
        opId: uuidv7(),
        actorId: null,
        command: 'test.audit.note',
        entityType: 'note',
        entityId: 'gone',
        before: null,
        after: null,
        createdAt: '2026-11-25T11:00:00.000Z',
      });
      writer.rewind(0);
      await writer.flush(tx);
    });
    expect(await entries(db, 'tenant-b')).toEqual([]);
    await writeNotes(db, 'tenant-b', 'device-9', ['first']);
    expect(await verifyAuditChains(db, 'tenant-b')).toEqual({ intact: true, entries: 1 });
  });
});

describe.each([
  ['SQLite', async () => openSqlite(path.join(tempDir(), 'm.db'))],
  ['Postgres', async () => openPostgres(await freshPostgresUrl(), 2)],
])('migration 0027 on %s', (_name, open) => {
  it('records the heads of the chains written here (their ops are here), not of chains pulled from the hub', async () => {
    // The entries and ops a console had before the migration: its own chain, and another device's.
    const source = await freshSqlite();
    await writeNotes(source, 'tenant-a', 'device-1', ['one', 'two', 'three']);
    await writeNotes(source, 'tenant-a', 'device-2', ['pulled']);
    const rows = await entries(source, 'tenant-a');
    const ops = await source.selectFrom('ops').selectAll().where('device_id', '=', 'device-1').execute();
    const db = await open();
    try {
      await migrateToLatest(
        db,
        MIGRATIONS.slice(
          0,
          MIGRATIONS.findIndex(([name]) => name === '0027_audit_chain_heads'),
        ),
      );
      await db.insertInto('audit_entries').values(rows).execute();
      await db
        .insertInto('ops')
        .values(ops.map(({ pushed_at, push_attempts, push_error, reviewed_at, reviewed_by, ...op }) => op))
        .execute();
      await migrateToLatest(db);
      const third = rows.find((r) => r.device_id === 'device-1' && r.seq === 3);
      expect(
        await db.selectFrom('audit_chain_heads').select(['tenant_id', 'device_id', 'seq', 'hash']).execute(),
      ).toEqual([{ tenant_id: 'tenant-a', device_id: 'device-1', seq: 3, hash: third?.hash }]);
      expect(await verifyAuditChains(db, 'tenant-a')).toEqual({ intact: true, entries: 4 });
      await db
        .deleteFrom('audit_entries')
        .where('id', '=', third?.id as string)
        .execute();
      expect(await verifyAuditChains(db, 'tenant-a')).toMatchObject({
        intact: false,
        deviceId: 'device-1',
        tail: { lastSeq: 2, headSeq: 3 },
      });
    } finally {
      await db.destroy();
    }
  });
});

import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshPostgres, freshSqlite, turnsDuring } from '../../test/helpers.js';
import type { AuditEntriesTable, DB } from '../db/schema.js';
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
    await db.deleteFrom('audit_entries').where('device_id', '=', 'device-1').execute();
    expect(await verifyAuditChains(db, 'tenant-a', 1)).toEqual({ intact: true, entries: 6 });
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
    await writeNotes(db, 'tenant-a', 'device-1', ['five']);
    expect(await verifyAuditChains(db, 'tenant-a')).toEqual({ intact: true, entries: 6 });
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

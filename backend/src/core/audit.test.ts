import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshPostgres, freshSqlite } from '../../test/helpers.js';
import type { AuditEntriesTable, DB } from '../db/schema.js';
import { verifyAllAuditChains, verifyAuditChains } from './audit.js';
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
])('audit chain on %s', (_name, fresh) => {
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
});

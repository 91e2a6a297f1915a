import { type Kysely, sql } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * The last entry this install appended to each audit chain it writes
 * (docs/decisions.md "Audit chains keep their head"). The append updates it
 * in the entry's own transaction, so verification can tell a chain whose
 * newest entries were removed (every remaining link still holds) from one
 * that simply ends there. Filled from the chains already written here: those
 * whose newest entry has its op on this install (a console's own chain, every
 * chain on the hub); chains pulled from the hub have no op here and no head.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_chain_heads_pk', ['tenant_id', 'device_id'])
    .execute();
  await sql`insert into audit_chain_heads (tenant_id, device_id, seq, hash, updated_at)
    select a.tenant_id, a.device_id, a.seq, a.hash, a.created_at
    from audit_entries a
    where a.seq = (select max(b.seq) from audit_entries b
                   where b.tenant_id = a.tenant_id and b.device_id = a.device_id)
      and exists (select 1 from ops o where o.op_id = a.op_id)`.execute(db);
}

import type { Kysely } from 'kysely';
import type { AuditEntryView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

export async function listAuditEntries(
  db: Kysely<DB>,
  tenantId: string,
  limit: number,
): Promise<AuditEntryView[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .select([
      'id',
      'device_id',
      'seq',
      'actor_id',
      'command',
      'entity_type',
      'entity_id',
      'summary',
      'created_at',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    deviceId: r.device_id,
    seq: r.seq,
    actorId: r.actor_id,
    command: r.command,
    entityType: r.entity_type,
    entityId: r.entity_id,
    summary: JSON.parse(r.summary),
    createdAt: r.created_at,
  }));
}

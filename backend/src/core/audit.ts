import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditVerifyResult } from '../contract/index.js';
import type { AuditEntriesTable, DB } from '../db/schema.js';
import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditFields = Omit<AuditEntriesTable, 'hash'>;

/** hash = sha256(prev_hash || canonical_json(entry without its hash)). */
export function auditHash(entry: AuditFields): string {
  const { summary, ...rest } = entry;
  return createHash('sha256')
    .update(entry.prev_hash)
    .update(canonicalJson({ ...rest, summary: JSON.parse(summary) }))
    .digest('hex');
}

export interface AuditDraft {
  id: string;
  tenantId: string;
  deviceId: string;
  opId: string;
  actorId: string | null;
  command: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

/** Appends to the (tenant, device) chain inside the caller's transaction. */
export async function appendAudit(tx: Transaction<DB>, draft: AuditDraft): Promise<AuditEntriesTable> {
  const last = await tx
    .selectFrom('audit_entries')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', draft.tenantId)
    .where('device_id', '=', draft.deviceId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fields: AuditFields = {
    id: draft.id,
    tenant_id: draft.tenantId,
    device_id: draft.deviceId,
    seq: (last?.seq ?? 0) + 1,
    op_id: draft.opId,
    actor_id: draft.actorId,
    command: draft.command,
    entity_type: draft.entityType,
    entity_id: draft.entityId,
    summary: canonicalJson({ before: draft.before ?? null, after: draft.after ?? null }),
    created_at: draft.createdAt,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const entry = { ...fields, hash: auditHash(fields) };
  await tx.insertInto('audit_entries').values(entry).execute();
  return entry;
}

/**
 * Recomputes every chain of a tenant (one per device) and names the first
 * entry that does not hold. Content is checked before links: a changed field
 * (seq and device included) breaks that entry's own hash, so the tampered
 * entry is named rather than its neighbour; then sequence gaps and links
 * catch removed, inserted or re-hashed entries.
 */
export async function verifyAuditChains(db: Kysely<DB>, tenantId: string): Promise<AuditVerifyResult> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('device_id')
    .orderBy('seq')
    .execute();
  const broken = (row: AuditEntriesTable, reason: string): AuditVerifyResult => ({
    intact: false,
    entries: rows.length,
    brokenEntryId: row.id,
    deviceId: row.device_id,
    seq: row.seq,
    reason,
  });
  for (const row of rows) {
    const reason = contentReason(row);
    if (reason) return broken(row, reason);
  }
  let device: string | null = null;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.device_id !== device) {
      device = row.device_id;
      expectedSeq = 1;
      prevHash = GENESIS_HASH;
    }
    if (row.seq !== expectedSeq)
      return broken(row, `sequence gap: expected ${expectedSeq}, found ${row.seq}`);
    if (row.prev_hash !== prevHash) return broken(row, 'link to the previous entry does not match');
    expectedSeq += 1;
    prevHash = row.hash;
  }
  return { intact: true, entries: rows.length };
}

function contentReason(row: AuditEntriesTable): string | null {
  const { hash, ...fields } = row;
  try {
    return auditHash(fields) === hash ? null : 'content does not match its hash';
  } catch {
    return 'summary is not valid JSON';
  }
}

/** Every tenant's chains, for the command-line verifier. */
export async function verifyAllAuditChains(
  db: Kysely<DB>,
): Promise<{ tenantId: string; result: AuditVerifyResult }[]> {
  const tenants = await db
    .selectFrom('audit_entries')
    .select('tenant_id')
    .distinct()
    .orderBy('tenant_id')
    .execute();
  const report = [];
  for (const { tenant_id } of tenants)
    report.push({ tenantId: tenant_id, result: await verifyAuditChains(db, tenant_id) });
  return report;
}

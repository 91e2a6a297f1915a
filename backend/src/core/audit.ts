import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditVerifyResult } from '../contract/index.js';
import { insertRows } from '../db/insert-rows.js';
import type { AuditEntriesTable, DB } from '../db/schema.js';
import { canonicalJson } from './canonical-json.js';
import { nextTurn } from './turns.js';

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
  const entry = chainedEntry(await chainHead(tx, draft.tenantId, draft.deviceId), draft);
  await tx.insertInto('audit_entries').values(entry).execute();
  await recordHead(tx, entry);
  return entry;
}

/**
 * Remembers `entry` as its chain's newest (audit_chain_heads, migration 0027),
 * in the append's transaction: verification then notices newest entries that
 * were removed, which leave every remaining link intact.
 */
async function recordHead(tx: Transaction<DB>, entry: AuditEntriesTable): Promise<void> {
  await tx
    .insertInto('audit_chain_heads')
    .values({
      tenant_id: entry.tenant_id,
      device_id: entry.device_id,
      seq: entry.seq,
      hash: entry.hash,
      updated_at: entry.created_at,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'device_id'])
        .doUpdateSet({ seq: entry.seq, hash: entry.hash, updated_at: entry.created_at }),
    )
    .execute();
}

interface ChainHead {
  seq: number;
  hash: string;
}

async function chainHead(tx: Transaction<DB>, tenantId: string, deviceId: string): Promise<ChainHead | null> {
  const last = await tx
    .selectFrom('audit_entries')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last ?? null;
}

/** The entry that follows `last` (null: the chain's first) in its chain, hashed. */
function chainedEntry(last: ChainHead | null, draft: AuditDraft): AuditEntriesTable {
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
  return { ...fields, hash: auditHash(fields) };
}

/**
 * Appends many entries to one (tenant, device) chain inside the caller's
 * transaction with one read of its head and one multi-row insert at the end
 * (the hub applying a pushed batch). The entries are exactly those
 * `appendAudit` would write one by one. The caller must hold the chain's
 * writers off until `flush` (the hub holds the tenant's change counter);
 * `mark`/`rewind` drop entries of work rolled back to a savepoint.
 */
export class AuditChainWriter {
  private readonly pending: AuditEntriesTable[] = [];

  private constructor(
    readonly tenantId: string,
    readonly deviceId: string,
    private head: ChainHead | null,
  ) {}

  static async open(tx: Transaction<DB>, tenantId: string, deviceId: string): Promise<AuditChainWriter> {
    return new AuditChainWriter(tenantId, deviceId, await chainHead(tx, tenantId, deviceId));
  }

  append(draft: AuditDraft): AuditEntriesTable {
    if (draft.tenantId !== this.tenantId || draft.deviceId !== this.deviceId) {
      throw new Error(`Audit entry for ${draft.tenantId}/${draft.deviceId} in the chain of ${this.deviceId}`);
    }
    const entry = chainedEntry(this.head, draft);
    this.pending.push(entry);
    this.head = { seq: entry.seq, hash: entry.hash };
    return entry;
  }

  /** How many entries are waiting; `rewind(mark())` later forgets what was appended since. */
  mark(): number {
    return this.pending.length;
  }

  rewind(mark: number): void {
    if (mark === this.pending.length) return;
    const headBefore = mark === 0 ? null : this.pending[mark - 1];
    const first = this.pending[mark] as AuditEntriesTable;
    this.pending.length = mark;
    this.head = headBefore
      ? { seq: headBefore.seq, hash: headBefore.hash }
      : first.seq === 1
        ? null
        : { seq: first.seq - 1, hash: first.prev_hash };
  }

  /** Writes the waiting entries (insertRows: one statement on Postgres) and the chain's head, and empties the buffer. */
  async flush(tx: Transaction<DB>): Promise<void> {
    const newest = this.pending[this.pending.length - 1];
    await insertRows(tx, 'audit_entries', this.pending);
    if (newest) await recordHead(tx, newest);
    this.pending.length = 0;
  }
}

/** Entries read per page while verifying; between pages the event loop serves requests. */
export const VERIFY_PAGE = 1_000;

/**
 * Recomputes every chain of a tenant (one per device) and names the first
 * entry that does not hold. Content comes before links: a changed field
 * (seq and device included) breaks that entry's own hash, so the tampered
 * entry is named rather than its neighbour, even when a link breaks earlier
 * in the order; with every entry's content intact, the first sequence gap or
 * broken link names a removed, inserted or re-hashed entry.
 *
 * Removing a chain's newest entries leaves every remaining link intact, so
 * each chain this install writes is also held to its recorded head
 * (audit_chain_heads): a chain that ends before it lost its tail (`tail`
 * names the device's last remaining and recorded numbers), one whose entry
 * at the head is another, or that goes on past it, was rewritten. Chains
 * pulled from the hub have no head here and are checked link by link only.
 *
 * One read in pages in (device, seq) order, so a year of entries is neither
 * held in memory nor verified in one block of the event loop (the counter
 * keeps selling while an owner verifies).
 */
export async function verifyAuditChains(
  db: Kysely<DB>,
  tenantId: string,
  pageSize = VERIFY_PAGE,
): Promise<AuditVerifyResult> {
  const heads = new Map(
    (
      await db
        .selectFrom('audit_chain_heads')
        .select(['device_id', 'seq', 'hash'])
        .where('tenant_id', '=', tenantId)
        .execute()
    ).map((h) => [h.device_id, h]),
  );
  let entries = 0;
  let firstBroken: AuditVerifyResult | null = null;
  let device: string | null = null;
  let last: AuditEntriesTable | null = null;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  const broken = (row: AuditEntriesTable, reason: string): AuditVerifyResult => ({
    intact: false,
    entries,
    brokenEntryId: row.id,
    deviceId: row.device_id,
    seq: row.seq,
    reason,
  });
  /** The chain of `deviceId` ended at `end` (null: no entry at all): does that agree with its head? */
  const endOfChain = (deviceId: string, end: AuditEntriesTable | null): AuditVerifyResult | null => {
    const head = heads.get(deviceId);
    heads.delete(deviceId);
    const lastSeq = end?.seq ?? 0;
    if (!head || lastSeq > head.seq) return null; // past the head: reported at the first such entry
    if (lastSeq < head.seq) {
      return {
        intact: false,
        entries,
        brokenEntryId: end?.id ?? '',
        deviceId,
        seq: lastSeq + 1,
        reason: `newest entries missing: the chain ends at #${lastSeq} but had reached #${head.seq}`,
        tail: { lastSeq, headSeq: head.seq },
      };
    }
    return end && end.hash !== head.hash
      ? broken(end, 'the newest entry is not the one this chain recorded as its newest')
      : null;
  };
  for await (const page of auditPages(db, tenantId, pageSize)) {
    for (const row of page) {
      const reason = contentReason(row);
      if (reason) return broken(row, reason);
      if (firstBroken) continue;
      if (row.device_id !== device) {
        if (device !== null) firstBroken = endOfChain(device, last);
        if (firstBroken) continue;
        device = row.device_id;
        expectedSeq = 1;
        prevHash = GENESIS_HASH;
      }
      const head = heads.get(row.device_id);
      if (row.seq !== expectedSeq)
        firstBroken = broken(row, `sequence gap: expected ${expectedSeq}, found ${row.seq}`);
      else if (row.prev_hash !== prevHash)
        firstBroken = broken(row, 'link to the previous entry does not match');
      else if (head && row.seq > head.seq)
        firstBroken = broken(row, `entry after #${head.seq}, the newest this chain recorded`);
      expectedSeq += 1;
      prevHash = row.hash;
      last = row;
    }
    entries += page.length;
  }
  if (!firstBroken && device !== null) firstBroken = endOfChain(device, last);
  // Chains with a head and no entry left at all.
  for (const deviceId of [...heads.keys()].sort()) {
    if (firstBroken) break;
    firstBroken = endOfChain(deviceId, null);
  }
  return firstBroken ? { ...firstBroken, entries } : { intact: true, entries };
}

/** A tenant's entries in (device, seq) order, a page at a time, with a turn of the event loop between pages. */
async function* auditPages(db: Kysely<DB>, tenantId: string, pageSize: number) {
  let after: { device: string; seq: number } | null = null;
  for (;;) {
    const from = after;
    const page: AuditEntriesTable[] = await db
      .selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .$if(from !== null, (q) =>
        q.where((eb) =>
          eb(eb.refTuple('device_id', 'seq'), '>', eb.tuple(from?.device ?? '', from?.seq ?? 0)),
        ),
      )
      .orderBy('device_id')
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1] as AuditEntriesTable;
    after = { device: last.device_id, seq: last.seq };
    await nextTurn();
  }
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
  // A business whose every entry was removed still has its chains' heads.
  const tenants = await db
    .selectFrom('audit_entries')
    .select('tenant_id')
    .union(db.selectFrom('audit_chain_heads').select('tenant_id'))
    .orderBy('tenant_id')
    .execute();
  const report = [];
  for (const { tenant_id } of tenants)
    report.push({ tenantId: tenant_id, result: await verifyAuditChains(db, tenant_id) });
  return report;
}

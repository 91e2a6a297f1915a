/**
 * What the hub keeps in memory while it applies one pushed batch (push.ts):
 * the reads every op of a batch would repeat, done once, and the rows every
 * op writes at its end (audit entry, op row), written together before commit.
 *
 * - The business's writability row and the authors' roles are read once
 *   for the batch. An op that writes one of the tables they come from
 *   (tenants, sync_link, memberships, users) — seen by a Kysely plugin on
 *   the batch's transaction — makes the next op read them again, so an op
 *   after a role change sees the new role, as it would one by one.
 * - The device's audit chain head is read once and carried (AuditChainWriter).
 * - `mark`/`rewind` forget what was recorded by work rolled back to a
 *   savepoint.
 */
import type {
  Insertable,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  Transaction,
  UnknownRow,
} from 'kysely';
import type { PushedOp, PushResult, PushStatus } from '../../contract/index.js';
import { AuditChainWriter, type AuditDraft } from '../../core/audit.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { advanceSeries } from '../../core/numbering.js';
import {
  type Actor,
  type BatchRecorder,
  readTenantWritability,
  type TenantWritability,
} from '../../core/pipeline.js';
import { insertRows } from '../../db/insert-rows.js';
import type { DB, OpsTable } from '../../db/schema.js';
import type { DevicePrincipal } from './hub-devices.js';

/** Tables the batch's cached reads come from. */
const CACHED_FROM = ['tenants', 'sync_link', 'memberships', 'users'];
const CACHED_FROM_RAW = new RegExp(`\\b(${CACHED_FROM.join('|')})\\b`, 'i');

export class PushBatch implements BatchRecorder {
  private readonly opRows: Insertable<OpsTable>[] = [];
  private tenantRow: Promise<TenantWritability | undefined> | null;
  private actors = new Map<string, Actor | null>();
  /** Set when an op wrote a table the cached reads come from (or work was rolled back). */
  private stale = false;

  /** Notes writes to the tables the cached reads come from. */
  readonly watch: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => {
      if (!this.stale && args.node.kind !== 'SelectQueryNode' && writesCachedTable(args.node)) {
        this.stale = true;
      }
      return args.node;
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  };

  private constructor(
    private readonly tx: Transaction<DB>,
    private readonly device: DevicePrincipal,
    private readonly chain: AuditChainWriter,
    tenantRow: TenantWritability | undefined,
    actors: Map<string, Actor | null>,
    /** Per series, the highest number the batch's ops took on the console. */
    private readonly printedUpTo: ReadonlyMap<string, number>,
  ) {
    this.tenantRow = Promise.resolve(tenantRow);
    this.actors = actors;
  }

  /** Three reads for the whole batch: the business, the authors' roles, the audit chain head. */
  static async open(
    tx: Transaction<DB>,
    device: DevicePrincipal,
    ops: readonly PushedOp[],
  ): Promise<PushBatch> {
    const tenantRow = await readTenantWritability(tx, device.tenantId);
    const ids = [...new Set(ops.map((op) => op.actorId).filter((id): id is string => id !== null))];
    const actors = new Map<string, Actor | null>(ids.map((id) => [id, null]));
    for (const member of await members(tx, device.tenantId, ids)) {
      actors.set(member.user_id, { userId: member.user_id, role: member.role });
    }
    const chain = await AuditChainWriter.open(tx, device.tenantId, device.deviceId);
    const printedUpTo = new Map<string, number>();
    for (const op of ops) {
      for (const [series, numbers] of Object.entries(op.numbers ?? {})) {
        for (const n of numbers) printedUpTo.set(series, Math.max(printedUpTo.get(series) ?? 0, n));
      }
    }
    return new PushBatch(tx, device, chain, tenantRow, actors, printedUpTo);
  }

  /** The op's author with the role the hub knows for them in this business; null if not an active member. */
  async actor(tx: Transaction<DB>, userId: string | null): Promise<Actor | null> {
    if (userId === null) return null;
    this.refreshIfStale();
    const known = this.actors.get(userId);
    if (known !== undefined) return known;
    const [member] = await members(tx, this.device.tenantId, [userId]);
    const actor = member ? { userId, role: member.role } : null;
    this.actors.set(userId, actor);
    return actor;
  }

  tenant(): Promise<TenantWritability | undefined> {
    this.refreshIfStale();
    this.tenantRow ??= readTenantWritability(this.tx, this.device.tenantId);
    return this.tenantRow;
  }

  audit(draft: AuditDraft): void {
    this.chain.append(draft);
  }

  op(row: Insertable<OpsTable>): void {
    this.opRows.push(row);
  }

  /** Keeps an op that was not applied, in its device_seq slot, with why. */
  record(
    op: PushedOp,
    status: Exclude<PushStatus, 'applied'>,
    error: { code: string; message: string },
  ): PushResult {
    this.opRows.push({
      op_id: op.opId,
      tenant_id: this.device.tenantId,
      device_id: this.device.deviceId,
      device_seq: op.deviceSeq,
      command: op.command,
      input: canonicalJson(op.input ?? null),
      schema_version: op.schemaVersion,
      actor_id: op.actorId,
      created_at: op.createdAt,
      result: JSON.stringify({ error }),
      push_state: status,
      numbers: op.numbers ? JSON.stringify(op.numbers) : null,
    });
    return { opId: op.opId, deviceSeq: op.deviceSeq, status, duplicate: false, error };
  }

  mark(): { audit: number; ops: number } {
    return { audit: this.chain.mark(), ops: this.opRows.length };
  }

  /** Forgets what was recorded since `mark` (its work was rolled back); cached reads are read again. */
  rewind(mark: { audit: number; ops: number }): void {
    this.chain.rewind(mark.audit);
    this.opRows.length = mark.ops;
    this.stale = true;
  }

  /**
   * Writes the batch's audit entries and op rows (one insert each, db/insert-rows.ts), and moves
   * the device's series past every number its ops took on the console, applied here or not (a
   * refused op's, or one the hub's replay did not take): they are on paper at the counter, so the
   * hub never gives them to another document (core/numbering.ts).
   */
  async flush(tx: Transaction<DB>): Promise<void> {
    for (const [series, upTo] of this.printedUpTo) await advanceSeries(tx, this.device, series, { upTo });
    await this.chain.flush(tx);
    await insertRows(tx, 'ops', this.opRows);
    this.opRows.length = 0;
  }

  private refreshIfStale() {
    if (!this.stale) return;
    this.stale = false;
    this.tenantRow = null;
    this.actors = new Map();
  }
}

function members(tx: Transaction<DB>, tenantId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'memberships.role'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.user_id', 'in', userIds)
    .where('memberships.status', '=', 'active')
    .where('users.status', '=', 'active')
    .execute();
}

/** Whether a statement may write one of CACHED_FROM: its table nodes, or a raw statement's text and tables. */
function writesCachedTable(node: OperationNode): boolean {
  if (node.kind === 'RawNode') {
    const raw = node as unknown as { sqlFragments: readonly string[]; parameters: readonly unknown[] };
    return CACHED_FROM_RAW.test(raw.sqlFragments.join(' ')) || raw.parameters.some(namesCachedTable);
  }
  return namesCachedTable(node);
}

/** Node kinds that hold the statement's data, never a table: not walked (a batch's insert holds thousands). */
const DATA_NODES = new Set(['ValueNode', 'PrimitiveValueListNode', 'DefaultInsertValueNode']);

function namesCachedTable(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesCachedTable);
  if (value === null || typeof value !== 'object') return false;
  const node = value as { kind?: string; table?: { identifier?: { name?: string } } };
  if (node.kind !== undefined && DATA_NODES.has(node.kind)) return false;
  if (node.kind === 'TableNode' && CACHED_FROM.includes(node.table?.identifier?.name ?? '')) return true;
  if (node.kind === 'RawNode') return writesCachedTable(node as OperationNode);
  return Object.values(node).some(namesCachedTable);
}

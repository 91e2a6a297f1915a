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
import type { z } from 'zod';
import type { PushedOp, PushResult, PushStatus } from '../../contract/index.js';
import { AuditChainWriter, type AuditDraft } from '../../core/audit.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { advanceSeries } from '../../core/numbering.js';
import {
  type Actor,
  type BatchRecorder,
  type Command,
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
  private actors = new Map<string, Author | null>();
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
    actors: Map<string, Author | null>,
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
    const tenantRow = await readReplayTenant(tx, device.tenantId);
    const ids = [...new Set(ops.map((op) => op.actorId).filter((id): id is string => id !== null))];
    const found = await authors(tx, device.tenantId, ids);
    const actors = new Map<string, Author | null>(ids.map((id) => [id, found.get(id) ?? null]));
    const chain = await AuditChainWriter.open(tx, device.tenantId, device.deviceId);
    const printedUpTo = new Map<string, number>();
    for (const op of ops) {
      for (const [series, numbers] of Object.entries(op.numbers ?? {})) {
        for (const n of numbers) printedUpTo.set(series, Math.max(printedUpTo.get(series) ?? 0, n));
      }
    }
    return new PushBatch(tx, device, chain, tenantRow, actors, printedUpTo);
  }

  /**
   * The op's author with the role the hub knows for them in this business; null when the op may
   * not be replayed as theirs. An active member acts with their role. Someone who was a member
   * but is no longer active (removed or deactivated, or their account deactivated) is replayed
   * with their last role (a membership is never deleted, only marked, so its row keeps it) when
   * - the op is money or goods that changed hands at the counter (COUNTER_FACTS: a sale, a
   *   refund, a shift, a cash movement…): the register let them in, it happened, it is kept
   *   whenever it was made; or
   * - the op was made (`madeAt`, the console's clock) before the office removed or deactivated
   *   their membership (the latest such entry in the audit log): they could make it then.
   * Anything else is refused (a price, a product, a setting made after they were let go, or
   * when that time is unknown, as for a deactivated account), as is someone who never was a
   * member. docs/decisions.md "Offline work is judged by when it was made".
   */
  async actor(
    tx: Transaction<DB>,
    userId: string | null,
    cmd: Command<z.ZodType, unknown>,
    madeAt?: string,
  ): Promise<Actor | null> {
    if (userId === null) return null;
    this.refreshIfStale();
    let author = this.actors.get(userId);
    if (author === undefined) {
      author = (await authors(tx, this.device.tenantId, [userId])).get(userId) ?? null;
      this.actors.set(userId, author);
    }
    if (!author) return null;
    if (author.active || COUNTER_FACTS.has(cmd.name)) return author.actor;
    return madeBefore(madeAt, author.leftAt) ? author.actor : null;
  }

  tenant(): Promise<TenantWritability | undefined> {
    this.refreshIfStale();
    this.tenantRow ??= readReplayTenant(this.tx, this.device.tenantId);
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

/**
 * The business's writability row and, when it is suspended, since when: the time of its latest
 * status change in its audit log (only the platform's status command suspends, and the business
 * is suspended now, so that change is the suspension). Pushed ops made before it apply.
 */
async function readReplayTenant(
  tx: Transaction<DB>,
  tenantId: string,
): Promise<TenantWritability | undefined> {
  const row = await readTenantWritability(tx, tenantId);
  if (row?.status !== 'suspended') return row;
  const change = await tx
    .selectFrom('audit_entries')
    .select('created_at')
    .where('tenant_id', '=', tenantId)
    .where('command', '=', 'platform.tenant.status.change')
    .where('entity_type', '=', 'tenant')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { ...row, suspended_at: change ? new Date(change.created_at).toISOString() : null };
}

/** An op's author as the hub knows them: their role, and whether they are still an active member. */
interface Author {
  actor: Actor;
  active: boolean;
  /**
   * A former member: when the office removed or deactivated their membership (ISO-8601 UTC),
   * from the latest such audit entry; null when active, or unknown (an account deactivated).
   */
  leftAt: string | null;
}

/**
 * Commands whose ops are money or goods that changed hands at a counter: kept on the hub even
 * when their author has been let go since, whenever the op was made (the drawer holds the cash,
 * the customer has the goods). A closed list, not every `arbitration: 'accept'` command: a former
 * member's product, invoice void, plan or credit adjustment made after they left is refused.
 * (replay-standing.test.ts checks that each name is a command the hub always accepts.)
 */
export const COUNTER_FACTS: ReadonlySet<string> = new Set([
  'pos.sale.record',
  'pos.refund.record',
  'shifts.shift.open',
  'shifts.shift.close',
  'shifts.cash.paid-in',
  'shifts.cash.paid-out',
  'stock.adjustment.record',
  'stock.transfer.record',
  'bookings.booking.check-in',
  'bookings.booking.check-in-by-code',
  'bookings.booking.check-out',
]);

/** The office's commands that let a member go (users.commands.ts). */
const LETTING_GO = ['identity.member.remove', 'identity.member.deactivate'];

/** Strictly before: an op made at the very instant of the removal is not given the benefit. */
function madeBefore(madeAt: string | undefined, leftAt: string | null): boolean {
  if (madeAt === undefined || leftAt === null) return false;
  const made = Date.parse(madeAt);
  return !Number.isNaN(made) && made < Date.parse(leftAt);
}

/**
 * The authors among these accounts (never-members are absent): their membership in the business,
 * whatever its status, and for a membership that is no longer active, when it was let go.
 */
async function authors(
  tx: Transaction<DB>,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, Author>> {
  const found = new Map<string, Author>();
  if (userIds.length === 0) return found;
  const rows = await tx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'memberships.role', 'memberships.status', 'users.status as user_status'])
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.user_id', 'in', userIds)
    .execute();
  // Only a membership marked inactive has a time; an account deactivated (no audit of it here) has none.
  const gone = rows.filter((r) => r.status !== 'active' && r.user_status === 'active').map((r) => r.user_id);
  const leftAt = new Map<string, string>();
  if (gone.length > 0) {
    const entries = await tx
      .selectFrom('audit_entries')
      .select(['entity_id', (eb) => eb.fn.max('created_at').as('at')])
      .where('tenant_id', '=', tenantId)
      .where('entity_type', '=', 'member')
      .where('entity_id', 'in', gone)
      .where('command', 'in', LETTING_GO)
      .groupBy('entity_id')
      .execute();
    for (const e of entries) if (e.at !== null) leftAt.set(e.entity_id, new Date(e.at).toISOString());
  }
  for (const r of rows) {
    const active = r.status === 'active' && r.user_status === 'active';
    found.set(r.user_id, {
      actor: { userId: r.user_id, role: r.role },
      active,
      leftAt: active ? null : (leftAt.get(r.user_id) ?? null),
    });
  }
  return found;
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

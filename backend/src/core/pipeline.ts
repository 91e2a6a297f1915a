/**
 * The command pipeline: the one door for every change (ARCHITECTURE §3).
 * `execute` validates, authorizes, and in one transaction runs the handler,
 * appends the audit entry and records the op (in the outbox when it syncs).
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import { isPostgres } from '../../../migrations/dialect.js';
import { SCHEMA_VERSION } from '../../../migrations/index.js';
import { type Action, can, type PlatformAction, type Role } from '../contract/index.js';
import { enterTenant } from '../db/row-security.js';
import type { DB, OpsTable, TenantsTable } from '../db/schema.js';
import type { SyncClientHandle } from '../domains/sync/client/link.js';
import { assertEntitled, entitlementState } from '../domains/sync/entitlement.js';
import { type AuditDraft, appendAudit } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import type { IdGenerator } from './deps.js';
import { DomainError, forbidden } from './errors.js';
import { NumberLedger } from './numbering.js';
import { parseOrThrow } from './validation.js';

export interface Actor {
  userId: string;
  role: Role;
}

export interface CommandContext {
  tenantId: string;
  actor: Actor | null;
  deviceId: string;
  /** ISO-8601 UTC; taken from the op on replay, never from a wall clock inside handlers. */
  now: string;
  opId: string;
  /** A super-admin looking at the tenant in read-only support mode: no command runs. */
  supportMode?: boolean;
  /**
   * Where the command runs, set by the request's context builder: 'console' (a local install,
   * whose new bookings wait for the hub once it is enrolled) or 'hub'. Absent when the hub
   * replays a pushed op: handlers then decide as the hub does.
   */
  runsOn?: 'console' | 'hub';
  /**
   * The document numbers the command takes (core/numbering.ts), kept with its op; when the hub
   * replays a pushed op, the numbers the console took, to be taken again. Set by the pipeline.
   */
  numbers?: NumberLedger;
}

/**
 * The hub applying an op a device pushed (its context has no `runsOn`): what the device checked
 * live when the person acted (limits, lists, dates, the shape of a quote) is not checked again,
 * so work done offline lands as it was made.
 */
export function isReplay(ctx: Pick<CommandContext, 'runsOn'>): boolean {
  return ctx.runsOn === undefined;
}

/** How the hub settles concurrent ops of this command (ARCHITECTURE §5). */
export type Arbitration = 'accept' | 'last-applied-wins' | 'hub-decides';

export interface CommandOutcome<R> {
  result: R;
  /**
   * The input as the command's op carries it, when the handler adds what it decided live so the
   * hub's replay decides the same (a sale's prices: pos.sale.ts `soldAs`). Defaults to the input.
   */
  opInput?: unknown;
  entity: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

export interface Command<S extends z.ZodType, R> {
  name: string;
  /**
   * The action of the permission table (contract/permissions.ts) this command needs;
   * 'bootstrap' runs with no actor (first-run business creation); 'system' runs only with no
   * actor, inside one business: what an install does by itself on a timer (its audit entries
   * read "Sistema"), never reachable by a person's request.
   */
  permission: Action | PlatformAction | 'bootstrap' | 'system';
  input: S;
  sync: false | { arbitration: Arbitration };
  /**
   * Runs whatever the business's status (suspended, cancelled) and entitlement: only for
   * what must stay possible when the business cannot work, e.g. revoking a stolen console
   * (docs/decisions.md, "Revoking a device works whatever the business's status").
   */
  anyTenantStatus?: true;
  handler(tx: Transaction<DB>, input: z.output<S>, ctx: CommandContext): Promise<CommandOutcome<R>>;
  /**
   * Optional: applies consecutive ops of this command from one device at once
   * (the hub's push), with the outcome each would have had one after another
   * in this order. It may throw for any reason — a refusal, a case it does
   * not take — and the caller then rolls back and applies them one by one.
   */
  handleMany?(
    tx: Transaction<DB>,
    items: readonly { input: z.output<S>; ctx: CommandContext }[],
  ): Promise<CommandOutcome<R>[]>;
}

const registry = new Map<string, Command<z.ZodType, unknown>>();

export function command<S extends z.ZodType, R>(definition: Command<S, R>): Command<S, R> {
  if (registry.has(definition.name)) throw new Error(`Command ${definition.name} is defined twice`);
  registry.set(definition.name, definition as unknown as Command<z.ZodType, unknown>);
  return definition;
}

export function registeredCommands(): ReadonlyMap<string, Command<z.ZodType, unknown>> {
  return registry;
}

export interface PipelineDeps {
  db: Kysely<DB>;
  newId: IdGenerator;
  /** Console: told after a synced op commits, so the outbox is pushed without waiting for a timer. */
  syncClient?: Pick<SyncClientHandle, 'opsRecorded'>;
}

export async function execute<S extends z.ZodType, R>(
  deps: PipelineDeps,
  ctx: CommandContext,
  cmd: Command<S, R>,
  rawInput: unknown,
): Promise<R> {
  const input = parseOrThrow(cmd.input, rawInput);
  authorize(cmd, ctx);
  const run: CommandContext = { ...ctx, numbers: new NumberLedger() };
  const result = await deps.db.transaction().execute(async (tx) => {
    await serializeDevice(tx, ctx.deviceId);
    const previous = await tx
      .selectFrom('ops')
      .select(['command', 'result', 'tenant_id'])
      .where('op_id', '=', ctx.opId)
      .executeTakeFirst();
    if (previous) {
      if (previous.command !== cmd.name || previous.tenant_id !== ctx.tenantId) {
        throw new DomainError('op-id-reused', 409, `Op ${ctx.opId} was already used for another command`);
      }
      return JSON.parse(previous.result) as R;
    }
    if (!crossTenant(cmd)) await enterTenant(tx, ctx.tenantId);
    return runAndRecord(deps, tx, run, cmd, input, {
      deviceSeq: cmd.sync ? nextDeviceSeq(tx, ctx.deviceId) : null,
      schemaVersion: SCHEMA_VERSION,
      pushState: cmd.sync ? 'pending' : 'local',
    });
  });
  if (cmd.sync) deps.syncClient?.opsRecorded(ctx.tenantId);
  return result;
}

/** How the op row of a command is written: by this device (next number, outbox) or by the hub (the op's own). */
export interface OpRecord {
  deviceSeq: number | ReturnType<typeof nextDeviceSeq> | null;
  schemaVersion: number;
  pushState: OpsTable['push_state'];
  /** The hub applying a pushed batch: reads once per batch, writes the audit entry and op row at its end. */
  batch?: BatchRecorder;
}

/**
 * What a caller applying many ops in one transaction (the hub's push) gives
 * the pipeline instead of a read and two inserts per op: the business's
 * status as read for this batch, and sinks for the audit entry and op row,
 * which it writes together before commit. Without it the pipeline reads and
 * writes them per command, as on a console.
 */
export interface BatchRecorder {
  tenant(): Promise<TenantWritability | undefined>;
  audit(draft: AuditDraft): void;
  op(row: Insertable<OpsTable>): void;
}

/** The business's row as the writability check reads it (status and, on an enrolled console, its entitlement). */
export interface TenantWritability {
  status: TenantsTable['status'];
  link_tenant_id: string | null;
  enrolled_at: string | null;
  entitlement: string | null;
  hub_public_key: string | null;
  /**
   * The hub replaying pushed ops of a suspended business: when it was suspended (ISO-8601 UTC).
   * An op made before then is applied (checkTenantWritable). Absent everywhere else.
   */
  suspended_at?: string | null;
}

/**
 * Validates, authorizes and runs a command inside a transaction the caller
 * owns, appending its audit entry and op row. The hub applies pushed ops with
 * it, each under a savepoint of the batch's transaction.
 */
export async function executeInTransaction<S extends z.ZodType, R>(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  ctx: CommandContext,
  cmd: Command<S, R>,
  rawInput: unknown,
  op: OpRecord,
): Promise<R> {
  const input = parseOrThrow(cmd.input, rawInput);
  authorize(cmd, ctx);
  return runAndRecord(deps, tx, ctx, cmd, input, op);
}

/**
 * Many ops of one command from one device in a transaction the caller owns
 * (the hub's push), through the command's `handleMany`: each validated,
 * authorized and checked against the business's status as alone, then
 * applied together, each with its own audit entry and op row. Throws if any
 * one would not apply; the caller then applies them one by one.
 */
export async function executeManyInTransaction<S extends z.ZodType, R>(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  cmd: Command<S, R>,
  items: readonly { ctx: CommandContext; rawInput: unknown; op: OpRecord & { batch: BatchRecorder } }[],
): Promise<R[]> {
  if (!cmd.handleMany) throw new Error(`${cmd.name} is not applied many at once`);
  const parsed = items.map((item) => {
    const input = parseOrThrow(cmd.input, item.rawInput);
    authorize(cmd, item.ctx);
    return { input, ctx: item.ctx };
  });
  for (const item of items) await assertWritable(tx, cmd, item.ctx, item.op);
  const outcomes = await cmd.handleMany(tx, parsed);
  if (outcomes.length !== items.length) throw new Error(`${cmd.name}: handleMany returned a wrong count`);
  const results: R[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    const { input, ctx } = parsed[i] as (typeof parsed)[number];
    results.push(await record(deps, tx, ctx, cmd, input, outcome, (items[i] as (typeof items)[number]).op));
  }
  return results;
}

async function runAndRecord<S extends z.ZodType, R>(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  ctx: CommandContext,
  cmd: Command<S, R>,
  input: z.output<S>,
  op: OpRecord,
): Promise<R> {
  await assertWritable(tx, cmd, ctx, op);
  return record(deps, tx, ctx, cmd, input, await cmd.handler(tx, input, ctx), op);
}

/**
 * The business may be changed at `ctx.now` (its row as the batch read it, or read now);
 * cross-tenant commands and those marked `anyTenantStatus` are exempt.
 */
async function assertWritable(
  tx: Transaction<DB>,
  cmd: Command<z.ZodType, unknown>,
  ctx: CommandContext,
  op: OpRecord,
): Promise<void> {
  if (crossTenant(cmd) || cmd.anyTenantStatus) return;
  checkTenantWritable(
    op.batch ? await op.batch.tenant() : await readTenantWritability(tx, ctx.tenantId),
    ctx.now,
  );
}

/** Appends the command's audit entry and op row (or hands them to the batch), and gives its result. */
async function record<S extends z.ZodType, R>(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  ctx: CommandContext,
  cmd: Command<S, R>,
  input: z.output<S>,
  outcome: CommandOutcome<R>,
  op: OpRecord,
): Promise<R> {
  const audit: AuditDraft = {
    id: deps.newId(),
    tenantId: ctx.tenantId,
    deviceId: ctx.deviceId,
    opId: ctx.opId,
    actorId: ctx.actor?.userId ?? null,
    command: cmd.name,
    entityType: outcome.entity.type,
    entityId: outcome.entity.id,
    before: outcome.before,
    after: outcome.after,
    createdAt: ctx.now,
  };
  const row = {
    op_id: ctx.opId,
    tenant_id: ctx.tenantId,
    device_id: ctx.deviceId,
    device_seq: op.deviceSeq,
    command: cmd.name,
    input: canonicalJson(outcome.opInput ?? input),
    schema_version: op.schemaVersion,
    actor_id: ctx.actor?.userId ?? null,
    created_at: ctx.now,
    result: JSON.stringify(outcome.result ?? null),
    push_state: op.pushState,
    numbers: ctx.numbers?.json() ?? null,
  };
  if (op.batch && typeof row.device_seq === 'number') {
    op.batch.audit(audit);
    op.batch.op({ ...row, device_seq: row.device_seq });
  } else {
    await appendAudit(tx, audit);
    await tx.insertInto('ops').values(row).execute();
  }
  return outcome.result;
}

function authorize(cmd: Command<z.ZodType, unknown>, ctx: CommandContext) {
  if (cmd.permission === 'bootstrap') return;
  if (ctx.supportMode) {
    throw new DomainError('support-read-only', 403, 'Support mode is read-only');
  }
  if (cmd.permission === 'system') {
    if (ctx.actor !== null) throw forbidden();
    return;
  }
  if (!ctx.actor || !can(ctx.actor.role, cmd.permission)) throw forbidden();
}

/** First-run and platform commands act across businesses: they keep the connection's own rights. */
function crossTenant(cmd: Command<z.ZodType, unknown>): boolean {
  return cmd.permission === 'bootstrap' || cmd.permission === 'platform.tenants.manage';
}

/** One read: the business's status and, on an enrolled console, its signed entitlement from the hub. */
export async function readTenantWritability(
  tx: Transaction<DB>,
  tenantId: string,
): Promise<TenantWritability | undefined> {
  return tx
    .selectFrom('tenants')
    .leftJoin('sync_link', 'sync_link.tenant_id', 'tenants.id')
    .select([
      'tenants.status',
      'sync_link.tenant_id as link_tenant_id',
      'sync_link.enrolled_at',
      'sync_link.entitlement',
      'sync_link.hub_public_key',
    ])
    .where('tenants.id', '=', tenantId)
    .executeTakeFirst();
}

/**
 * A suspended business reads but does not change; a cancelled one is
 * read-only and exportable. Platform commands (the lifecycle itself) and
 * first-run setup are exempt (the caller skips them). The hub replaying a
 * pushed op made before the suspension (`suspended_at`, which only the
 * replay reads) applies it: work done while the business could work is
 * never lost to a later suspension (ARCHITECTURE §5).
 */
function checkTenantWritable(tenant: TenantWritability | undefined, now: string) {
  if (tenant?.link_tenant_id && tenant.enrolled_at) {
    assertEntitled(
      entitlementState(
        {
          tenant_id: tenant.link_tenant_id,
          enrolled_at: tenant.enrolled_at,
          entitlement: tenant.entitlement,
          hub_public_key: tenant.hub_public_key,
        },
        now,
      ),
    );
  }
  const madeBeforeSuspension =
    typeof tenant?.suspended_at === 'string' && Date.parse(now) <= Date.parse(tenant.suspended_at);
  if (tenant?.status === 'suspended' && !madeBeforeSuspension) {
    throw new DomainError(
      'tenant-suspended',
      403,
      'This business is suspended: you can read but not change data',
    );
  }
  if (tenant?.status === 'cancelled') {
    throw new DomainError(
      'tenant-cancelled',
      403,
      'This business is cancelled: its data is read-only and exportable',
    );
  }
}

/** The device's next op number, computed inside the op's own insert (an index seek on ops_device_seq_unique). */
function nextDeviceSeq(tx: Transaction<DB>, deviceId: string) {
  // Postgres: the same count, by a function with the owner's rights (row-level security would
  // narrow it to the tenant, and the hub's own device writes for every business).
  return isPostgres(tx as unknown as Kysely<unknown>)
    ? sql<number>`mostrador_next_device_seq(${deviceId})`
    : sql<number>`(select coalesce(max(device_seq), 0) + 1 from ops where device_id = ${deviceId})`;
}

/**
 * Postgres: one device's commands commit one after another. Each appends to
 * the device's audit chain (seq = last + 1) and takes its next op number
 * (max + 1); two at once would read the same last values, and the loser
 * would fail on the unique keys with a 500. The hub's own commands (its API,
 * enrollments) all run as the hub's device, from any hub process, so the lock
 * is Postgres's, held until the transaction ends. SQLite already runs one
 * write transaction at a time. Pushed ops take their business's change
 * counter first and carry their own device's numbers (push.ts).
 */
async function serializeDevice(tx: Transaction<DB>, deviceId: string) {
  if (!isPostgres(tx as unknown as Kysely<unknown>)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`mostrador-device:${deviceId}`}))`.execute(tx);
}

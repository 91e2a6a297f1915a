/**
 * The hub's side of push (ARCHITECTURE §5 "Up"): a batch of a device's ops
 * is applied in ONE Postgres transaction, each op through the same command
 * pipeline under its own savepoint, in device_seq order with no gaps.
 *
 * - An op the hub already has (same device_seq, same op id) is not applied
 *   again: its stored outcome is returned.
 * - A domain refusal (a name already taken, a role that may not do this) is
 *   the op's result, stored with it ('rejected'); later ops still apply.
 * - An op whose id the hub already holds under another slot refuses the
 *   batch (409 `op-id-reused`), as a reused device_seq does.
 * - An op this hub cannot apply — unknown command, a command that does not
 *   sync, one from a newer schema, or an input an older schema wrote that
 *   no longer validates — is kept as 'quarantined', never dropped.
 * - An op the database refuses for integrity (a foreign key to a row the hub
 *   does not have, SQLSTATE class 23) is quarantined too: it would fail on
 *   every retry and must not block the ops behind it.
 * - A quarantined op pushed again (retried from the console once the hub is
 *   updated) is applied again in its slot; if it still cannot apply, it is
 *   kept quarantined.
 * - Anything else (the database failing) aborts the batch: nothing of it is
 *   kept and the console retries.
 *
 * The tenant is the device token's. The transaction first locks the
 * tenant's change counter, so every writer of a tenant takes its locks in
 * the same order (see docs/decisions.md).
 */
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import type { PushedOp, PushResponse, PushResult, PushStatus } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, ValidationError } from '../../core/errors.js';
import { HUB_TAG, NUMBERED_OPS_SCHEMA, NumberLedger } from '../../core/numbering.js';
import {
  type Actor,
  type Command,
  type CommandContext,
  executeInTransaction,
  executeManyInTransaction,
  type PipelineDeps,
  registeredCommands,
} from '../../core/pipeline.js';
import { changesPerStatement } from '../../db/change-tracking.js';
import { enterTenant } from '../../db/row-security.js';
import type { DB } from '../../db/schema.js';
import type { DevicePrincipal } from './hub-devices.js';
import { PushBatch } from './push-batch.js';

/** 409 `device-seq-gap`: the body names the device_seq the hub expects next. */
export class DeviceSeqGapError extends DomainError {
  constructor(
    readonly expectedDeviceSeq: number,
    sent: number,
  ) {
    super(
      'device-seq-gap',
      409,
      `The hub expects device_seq ${expectedDeviceSeq} next from this device, not ${sent}`,
      'ops.0.deviceSeq',
    );
    this.name = 'DeviceSeqGapError';
  }
}

export async function applyPush(
  deps: PipelineDeps & Pick<AppDeps, 'deviceId' | 'clock'>,
  device: DevicePrincipal,
  ops: readonly PushedOp[],
): Promise<PushResponse> {
  ops.forEach((op, i) => {
    const first = ops[0] as PushedOp;
    if (op.deviceSeq !== first.deviceSeq + i) {
      throw new DomainError(
        'device-seq-not-contiguous',
        400,
        `Ops of a batch must have consecutive device_seq; op ${i + 1} has ${op.deviceSeq}, expected ${first.deviceSeq + i}`,
        `ops.${i}.deviceSeq`,
      );
    }
  });
  return deps.db.transaction().execute(async (tx) => {
    await lockTenantCounter(tx, device.tenantId);
    // Checked again under the business's lock: a revoke committed while this push waited for it
    // stops it (a revoke that comes later waits for this push, as its change log takes the lock).
    await assertDeviceNotRevoked(tx, device);
    const { last, held } = await deviceState(tx, device.deviceId, ops);
    const first = (ops[0] as PushedOp).deviceSeq;
    if (first > last + 1) {
      throw new DeviceSeqGapError(last + 1, first);
    }
    const fresh = ops.filter((op) => op.deviceSeq > last);
    await assertOpIdsFree(tx, fresh, 'ops', held);
    // From here on the transaction sees and writes this tenant's rows only (row-level security).
    await enterTenant(tx, device.tenantId);
    const repeatedOps = ops.filter((op) => op.deviceSeq <= last);
    const repeated = await storedOutcomes(tx, device, repeatedOps);
    // An op the hub quarantined, sent again (the owner retried it after updating the hub, or a
    // repeated batch), is tried again in its own slot: kept as it was if it still cannot apply.
    const again = repeatedOps.filter((_, i) => repeated[i]?.status === 'quarantined');
    if (again.length > 0) {
      await tx
        .deleteFrom('ops')
        .where('device_id', '=', device.deviceId)
        .where(
          'op_id',
          'in',
          again.map((op) => op.opId),
        )
        .execute();
    }
    const toApply = [...again, ...fresh];
    const info: BatchInfo = {
      device,
      retried: new Set(again.map((op) => op.opId)),
      hubDeviceId: deps.deviceId,
      hubNow: deps.clock.now().toISOString(),
    };
    const applied = toApply.length === 0 ? [] : await applyBatch(deps, tx, info, toApply);
    const retried = new Map(applied.slice(0, again.length).map((r) => [r.opId, r]));
    return {
      results: [
        // Still quarantined: the repeated op's stored outcome, as for any repeated op.
        ...repeated.map((r) => {
          const now = retried.get(r.opId);
          return now ? { ...now, duplicate: now.status === 'quarantined' } : r;
        }),
        ...applied.slice(again.length),
      ],
      nextDeviceSeq: Math.max(last, (ops.at(-1) as PushedOp).deviceSeq) + 1,
    };
  });
}

/** An op that threw under the optimistic run of a segment: the segment is run again op by op. */
class SegmentFailed extends Error {
  constructor(readonly index: number) {
    super(`op ${index} of the batch failed`);
  }
}

/** Consecutive ops of a command that applies many at once, or consecutive other ops. */
interface Run {
  ops: readonly PushedOp[];
  together: boolean;
}

/** Ops of a run applied together: fewer and they go one by one (nothing to gain). */
const TOGETHER_MIN = 2;

function runsOf(fresh: readonly PushedOp[]): Run[] {
  const runs: { ops: PushedOp[]; together: boolean; command: string }[] = [];
  for (const op of fresh) {
    const together = appliesTogether(op);
    const last = runs.at(-1);
    if (last && last.together === together && (!together || last.command === op.command)) last.ops.push(op);
    else runs.push({ ops: [op], together, command: op.command });
  }
  return runs.map((r) => ({ ops: r.ops, together: r.together && r.ops.length >= TOGETHER_MIN }));
}

function appliesTogether(op: PushedOp): boolean {
  const cmd = registeredCommands().get(op.command);
  return Boolean(cmd?.handleMany && syncable(cmd) && op.schemaVersion <= SCHEMA_VERSION);
}

function syncable(cmd: Command<z.ZodType, unknown>): boolean {
  return Boolean(cmd.sync) && cmd.permission !== 'bootstrap' && cmd.permission !== 'platform.tenants.manage';
}

/**
 * Applies the batch's new ops. A run of one command that applies many at
 * once (a register's sales) is tried together first (docs/decisions.md
 * "Pushed sales applied as a set"); if that throws, or for other ops, the
 * run is applied in segments (docs/decisions.md "Push applied in
 * segments"): ops run one after another with no savepoint of their own
 * ("optimistic"), under one savepoint for the segment. When an op throws,
 * the segment is rolled back to that savepoint and run again with each op
 * under its own savepoint (what the hub always did): the ops before the
 * failing one apply as they did, the failing one gets its stored rejection
 * or quarantine, and a new optimistic segment starts after it. Audit entries
 * and op rows are written together at the end of the batch.
 */
async function applyBatch(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  info: BatchInfo,
  fresh: readonly PushedOp[],
): Promise<PushResult[]> {
  const batch = await PushBatch.open(tx, info.device, fresh);
  const watched = tx.withPlugin(batch.watch);
  const results: PushResult[] = [];
  for (const run of runsOf(fresh)) {
    const together = run.together ? await applyTogether(deps, watched, batch, info, run.ops) : null;
    results.push(...(together ?? (await applyInSegments(deps, watched, batch, info, run.ops))));
  }
  await batch.flush(tx);
  return results;
}

/** A run applied at once under a savepoint; null (and nothing of it kept) when it could not be. */
async function applyTogether(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  batch: PushBatch,
  info: BatchInfo,
  ops: readonly PushedOp[],
): Promise<PushResult[] | null> {
  const cmd = registeredCommands().get((ops[0] as PushedOp).command) as Command<z.ZodType, unknown>;
  const items: Parameters<typeof executeManyInTransaction>[3][number][] = [];
  for (const op of ops) {
    const actor = await batch.actor(tx, op.actorId, cmd, op.createdAt);
    if (!actor && !bySystem(cmd, op)) return null;
    items.push({
      ctx: replayContext(info, op, actor, cmd),
      rawInput: op.input,
      op: { deviceSeq: op.deviceSeq, schemaVersion: op.schemaVersion, pushState: 'applied' as const, batch },
    });
  }
  await sql`savepoint push_together`.execute(tx);
  const mark = batch.mark();
  try {
    // Rows written as sets are logged for pull per statement (db/change-tracking.ts).
    const outcomes = await changesPerStatement(tx, () => executeManyInTransaction(deps, tx, cmd, items));
    await sql`release savepoint push_together`.execute(tx);
    return ops.map((op, i) => ({
      opId: op.opId,
      deviceSeq: op.deviceSeq,
      status: 'applied',
      duplicate: false,
      result: outcomes[i],
    }));
  } catch {
    await sql`rollback to savepoint push_together`.execute(tx);
    batch.rewind(mark);
    return null;
  }
}

async function applyInSegments(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  batch: PushBatch,
  info: BatchInfo,
  ops: readonly PushedOp[],
): Promise<PushResult[]> {
  const results: PushResult[] = [];
  let from = 0;
  while (from < ops.length) {
    await sql`savepoint push_segment`.execute(tx);
    const mark = batch.mark();
    const resultsBefore = results.length;
    let failed: number | null = null;
    try {
      for (let i = from; i < ops.length; i++) {
        results.push(await applyOne(deps, tx, batch, info, ops[i] as PushedOp, i, false));
      }
    } catch (err) {
      if (!(err instanceof SegmentFailed)) throw err;
      failed = err.index;
    }
    if (failed === null) {
      await sql`release savepoint push_segment`.execute(tx);
      break;
    }
    await sql`rollback to savepoint push_segment`.execute(tx);
    batch.rewind(mark);
    results.length = resultsBefore;
    for (let i = from; i <= failed; i++) {
      results.push(await applyOne(deps, tx, batch, info, ops[i] as PushedOp, i, true));
    }
    await sql`release savepoint push_segment`.execute(tx);
    from = failed + 1;
  }
  return results;
}

/**
 * One op. `guarded`: under its own savepoint, a failure becomes the op's
 * stored result. Not guarded: any failure throws SegmentFailed (after the
 * caller's savepoint, nothing of the op needs undoing here).
 */
async function applyOne(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  batch: PushBatch,
  info: BatchInfo,
  op: PushedOp,
  index: number,
  guarded: boolean,
): Promise<PushResult> {
  const cmd = registeredCommands().get(op.command);
  if (op.schemaVersion > SCHEMA_VERSION) {
    return batch.record(op, 'quarantined', {
      code: 'schema-too-new',
      message: `Written by schema ${op.schemaVersion}; this hub runs ${SCHEMA_VERSION}`,
    });
  }
  if (!cmd || !syncable(cmd)) {
    return batch.record(op, 'quarantined', {
      code: 'command-not-syncable',
      message: `The hub does not apply ${op.command} from a device`,
    });
  }
  const actor = await batch.actor(tx, op.actorId, cmd, op.createdAt);
  if (!actor && !bySystem(cmd, op)) {
    return batch.record(op, 'rejected', {
      code: 'actor-unknown',
      message: 'The person who made this change is not an active member of the business on the hub',
    });
  }
  const ctx = replayContext(info, op, actor, cmd);
  const record = { deviceSeq: op.deviceSeq, schemaVersion: op.schemaVersion, pushState: 'applied' as const };
  if (!guarded) {
    try {
      const result = await executeInTransaction(deps, tx, ctx, cmd, op.input, { ...record, batch });
      return { opId: op.opId, deviceSeq: op.deviceSeq, status: 'applied', duplicate: false, result };
    } catch {
      throw new SegmentFailed(index);
    }
  }
  await sql`savepoint push_op`.execute(tx);
  const mark = batch.mark();
  try {
    const result = await executeInTransaction(deps, tx, ctx, cmd, op.input, { ...record, batch });
    await sql`release savepoint push_op`.execute(tx);
    return { opId: op.opId, deviceSeq: op.deviceSeq, status: 'applied', duplicate: false, result };
  } catch (err) {
    await sql`rollback to savepoint push_op`.execute(tx);
    batch.rewind(mark);
    if ((err as { code?: unknown } | null)?.code === '23P01') {
      // The bookings exclusion constraint: another device's booking got the slot first.
      return batch.record(op, 'rejected', {
        code: 'booking-conflict',
        message: 'Another booking holds this space at this time',
      });
    }
    if ((err as { code?: unknown } | null)?.code === '42501') {
      // Row-level security: the handler wrote a row of another business. It never applies here.
      return batch.record(op, 'quarantined', {
        code: 'row-security-violation',
        message: (err as Error).message,
      });
    }
    if (isConstraintViolation(err)) {
      // Deterministic: this op will never apply here (it names a row the hub does not have).
      return batch.record(op, 'quarantined', {
        code: 'constraint-violation',
        message: (err as Error).message,
      });
    }
    if (!(err instanceof DomainError)) throw err;
    // Made while the business is suspended (push-batch.ts applies what was made before): kept
    // quarantined, so it can be retried once the business is reactivated, never refused for good.
    const status: PushStatus =
      (err instanceof ValidationError && op.schemaVersion < SCHEMA_VERSION) || err.code === 'tenant-suspended'
        ? 'quarantined'
        : 'rejected';
    return batch.record(op, status, { code: err.code, message: err.message });
  }
}

/**
 * A pushed op's context on the hub: its device, author and time, and the numbers it took there.
 * A number it did not carry is drawn from the hub's own series when the console would have
 * carried it (the op's build carries every number, or the op is retried out of its turn): the
 * device's next numbers may be printed already.
 */
/** An op the console made by itself (a 'system' command, no author): replayed with no actor. */
function bySystem(cmd: Command<z.ZodType, unknown>, op: PushedOp): boolean {
  return cmd.permission === 'system' && op.actorId === null;
}

function replayContext(
  info: BatchInfo,
  op: PushedOp,
  actor: Actor | null,
  cmd: Command<z.ZodType, unknown>,
): CommandContext {
  const carriesAll = op.schemaVersion >= NUMBERED_OPS_SCHEMA || info.retried.has(op.opId);
  return {
    tenantId: info.device.tenantId,
    actor,
    deviceId: info.device.deviceId,
    // A person's op keeps the time it was made (offline work replays as it happened). An op the
    // console made by itself acts on what its clock said is due (a no-show window closed): a
    // console whose clock runs ahead must not release bookings still in progress for everyone.
    now: bySystem(cmd, op) && op.createdAt > info.hubNow ? info.hubNow : op.createdAt,
    opId: op.opId,
    numbers: new NumberLedger(op.numbers, carriesAll ? { deviceId: info.hubDeviceId, tag: HUB_TAG } : null),
  };
}

/** What every op of a push shares: the pushing device, the ops retried from quarantine, the hub's own device and time. */
interface BatchInfo {
  device: DevicePrincipal;
  retried: ReadonlySet<string>;
  hubDeviceId: string;
  /** ISO-8601 UTC, when the hub took the push: the latest time a 'system' op may act at. */
  hubNow: string;
}

/** The stored outcomes of ops the hub already has (a repeated batch), in one read. */
async function storedOutcomes(
  tx: Transaction<DB>,
  device: DevicePrincipal,
  ops: readonly PushedOp[],
): Promise<PushResult[]> {
  if (ops.length === 0) return [];
  const rows = await tx
    .selectFrom('ops')
    .select(['op_id', 'device_seq', 'result', 'push_state'])
    .where('device_id', '=', device.deviceId)
    .where('device_seq', '>=', (ops[0] as PushedOp).deviceSeq)
    .where('device_seq', '<=', (ops.at(-1) as PushedOp).deviceSeq)
    .execute();
  const bySeq = new Map(rows.map((r) => [Number(r.device_seq), r]));
  return ops.map((op) => {
    const stored = bySeq.get(op.deviceSeq);
    if (!stored || stored.op_id !== op.opId) {
      throw new DomainError(
        'device-seq-reused',
        409,
        `device_seq ${op.deviceSeq} of this device was already used by another op`,
        'ops',
      );
    }
    const status = stored.push_state as PushStatus;
    const outcome = JSON.parse(stored.result) as unknown;
    return status === 'applied'
      ? { opId: op.opId, deviceSeq: op.deviceSeq, status, duplicate: true, result: outcome }
      : {
          opId: op.opId,
          deviceSeq: op.deviceSeq,
          status,
          duplicate: true,
          error: (outcome as { error: { code: string; message: string } }).error,
        };
  });
}

/**
 * Op ids are unique across every business. A new op whose id is already held
 * (by any tenant, so this runs before the tenant role hides other rows) or
 * repeated in the batch could not be recorded in its slot, so the batch is
 * refused like a reused device_seq. One query for the whole batch, or none
 * when the caller read the held ids already (`held`).
 */
export async function assertOpIdsFree(
  tx: Transaction<DB>,
  fresh: readonly Pick<PushedOp, 'opId'>[],
  field = 'ops',
  held?: ReadonlySet<string>,
): Promise<void> {
  const ids = fresh.map((op) => op.opId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  let taken = repeated;
  if (taken === undefined && ids.length > 0) {
    taken = held
      ? ids.find((id) => held.has(id))
      : (await tx.selectFrom('ops').select('op_id').where('op_id', 'in', ids).executeTakeFirst())?.op_id;
  }
  if (taken) {
    throw new DomainError('op-id-reused', 409, `Op id ${taken} was already used by another op`, field);
  }
}

/** A push whose device was revoked while it waited for the business's lock goes no further. */
async function assertDeviceNotRevoked(tx: Transaction<DB>, device: DevicePrincipal) {
  const row = await tx
    .selectFrom('hub_devices')
    .select('revoked_at')
    .where('tenant_id', '=', device.tenantId)
    .where('id', '=', device.deviceId)
    .executeTakeFirst();
  if (row && row.revoked_at !== null) {
    throw new DomainError('device-revoked', 401, 'This device was revoked by the business owner');
  }
}

/**
 * Takes the business's change counter row lock (held to commit): every writer of a business
 * takes its locks in the same order. One statement: the upsert's update locks the row.
 */
async function lockTenantCounter(tx: Transaction<DB>, tenantId: string) {
  await sql`insert into sync_tenant_seq as s (tenant_id, last_seq) values (${tenantId}, 0)
    on conflict (tenant_id) do update set last_seq = s.last_seq`.execute(tx);
}

/**
 * In one read (before the tenant role hides other businesses' rows): the last device_seq the
 * hub holds from this device, and which of the batch's op ids it holds already, in any business.
 */
async function deviceState(
  tx: Transaction<DB>,
  deviceId: string,
  ops: readonly PushedOp[],
): Promise<{ last: number; held: Set<string> }> {
  const ids = ops.map((op) => op.opId);
  const { rows } = await sql<{ last: number | null; op_id: string | null }>`
    select max(device_seq) as last, null as op_id from ops where device_id = ${deviceId}
    union all
    select null, op_id from ops where op_id in (${sql.join(ids)})`.execute(tx);
  const last = rows.find((r) => r.op_id === null)?.last;
  return {
    last: Number(last ?? 0),
    held: new Set(rows.flatMap((r) => (r.op_id === null ? [] : [r.op_id]))),
  };
}

/** SQLSTATE class 23: integrity constraint violations (foreign key, unique, check, not null, exclusion). */
function isConstraintViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^23[0-9A-Z]{3}$/.test(code);
}

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
 * - Anything else (the database failing) aborts the batch: nothing of it is
 *   kept and the console retries.
 *
 * The tenant is the device token's. The transaction first locks the
 * tenant's change counter, so every writer of a tenant takes its locks in
 * the same order (see docs/decisions.md).
 */
import { sql, type Transaction } from 'kysely';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import type { PushedOp, PushResponse, PushResult, PushStatus } from '../../contract/index.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { DomainError, ValidationError } from '../../core/errors.js';
import {
  type Actor,
  type CommandContext,
  executeInTransaction,
  type PipelineDeps,
  registeredCommands,
} from '../../core/pipeline.js';
import { enterTenant } from '../../db/row-security.js';
import type { DB } from '../../db/schema.js';
import type { DevicePrincipal } from './hub-devices.js';

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
  deps: PipelineDeps,
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
    const last = await lastDeviceSeq(tx, device.deviceId);
    const first = (ops[0] as PushedOp).deviceSeq;
    if (first > last + 1) {
      throw new DeviceSeqGapError(last + 1, first);
    }
    await assertOpIdsFree(
      tx,
      ops.filter((op) => op.deviceSeq > last),
    );
    // From here on the transaction sees and writes this tenant's rows only (row-level security).
    await enterTenant(tx, device.tenantId);
    const results: PushResult[] = [];
    for (const op of ops) {
      results.push(
        op.deviceSeq <= last ? await storedOutcome(tx, device, op) : await applyOne(deps, tx, device, op),
      );
    }
    return { results, nextDeviceSeq: Math.max(last, (ops.at(-1) as PushedOp).deviceSeq) + 1 };
  });
}

async function applyOne(
  deps: PipelineDeps,
  tx: Transaction<DB>,
  device: DevicePrincipal,
  op: PushedOp,
): Promise<PushResult> {
  const cmd = registeredCommands().get(op.command);
  if (op.schemaVersion > SCHEMA_VERSION) {
    return record(tx, device, op, 'quarantined', {
      code: 'schema-too-new',
      message: `Written by schema ${op.schemaVersion}; this hub runs ${SCHEMA_VERSION}`,
    });
  }
  if (!cmd?.sync || cmd.permission === 'bootstrap' || cmd.permission === 'platform.tenants.manage') {
    return record(tx, device, op, 'quarantined', {
      code: 'command-not-syncable',
      message: `The hub does not apply ${op.command} from a device`,
    });
  }
  const actor = await actorOf(tx, device.tenantId, op.actorId);
  if (!actor) {
    return record(tx, device, op, 'rejected', {
      code: 'actor-unknown',
      message: 'The person who made this change is not an active member of the business on the hub',
    });
  }
  const ctx: CommandContext = {
    tenantId: device.tenantId,
    actor,
    deviceId: device.deviceId,
    now: op.createdAt,
    opId: op.opId,
  };
  await sql`savepoint push_op`.execute(tx);
  try {
    const result = await executeInTransaction(deps, tx, ctx, cmd, op.input, {
      deviceSeq: op.deviceSeq,
      schemaVersion: op.schemaVersion,
      pushState: 'applied',
    });
    await sql`release savepoint push_op`.execute(tx);
    return { opId: op.opId, deviceSeq: op.deviceSeq, status: 'applied', duplicate: false, result };
  } catch (err) {
    await sql`rollback to savepoint push_op`.execute(tx);
    if ((err as { code?: unknown } | null)?.code === '23P01') {
      // The bookings exclusion constraint: another device's booking got the slot first.
      return record(tx, device, op, 'rejected', {
        code: 'booking-conflict',
        message: 'Another booking holds this space at this time',
      });
    }
    if ((err as { code?: unknown } | null)?.code === '42501') {
      // Row-level security: the handler wrote a row of another business. It never applies here.
      return record(tx, device, op, 'quarantined', {
        code: 'row-security-violation',
        message: (err as Error).message,
      });
    }
    if (isConstraintViolation(err)) {
      // Deterministic: this op will never apply here (it names a row the hub does not have).
      return record(tx, device, op, 'quarantined', {
        code: 'constraint-violation',
        message: (err as Error).message,
      });
    }
    if (!(err instanceof DomainError)) throw err;
    const status: PushStatus =
      err instanceof ValidationError && op.schemaVersion < SCHEMA_VERSION ? 'quarantined' : 'rejected';
    return record(tx, device, op, status, { code: err.code, message: err.message });
  }
}

/** Keeps an op that was not applied, in its device_seq slot, with why. */
async function record(
  tx: Transaction<DB>,
  device: DevicePrincipal,
  op: PushedOp,
  status: Exclude<PushStatus, 'applied'>,
  error: { code: string; message: string },
): Promise<PushResult> {
  await tx
    .insertInto('ops')
    .values({
      op_id: op.opId,
      tenant_id: device.tenantId,
      device_id: device.deviceId,
      device_seq: op.deviceSeq,
      command: op.command,
      input: canonicalJson(op.input ?? null),
      schema_version: op.schemaVersion,
      actor_id: op.actorId,
      created_at: op.createdAt,
      result: JSON.stringify({ error }),
      push_state: status,
    })
    .execute();
  return { opId: op.opId, deviceSeq: op.deviceSeq, status, duplicate: false, error };
}

async function storedOutcome(
  tx: Transaction<DB>,
  device: DevicePrincipal,
  op: PushedOp,
): Promise<PushResult> {
  const stored = await tx
    .selectFrom('ops')
    .select(['op_id', 'result', 'push_state'])
    .where('device_id', '=', device.deviceId)
    .where('device_seq', '=', op.deviceSeq)
    .executeTakeFirst();
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
}

/**
 * Op ids are unique across every business. A new op whose id is already held
 * (by any tenant, so this runs before the tenant role hides other rows) or
 * repeated in the batch could not be recorded in its slot, so the batch is
 * refused like a reused device_seq. One query for the whole batch.
 */
export async function assertOpIdsFree(
  tx: Transaction<DB>,
  fresh: readonly Pick<PushedOp, 'opId'>[],
  field = 'ops',
): Promise<void> {
  const ids = fresh.map((op) => op.opId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  const taken =
    repeated ??
    (ids.length === 0
      ? undefined
      : (await tx.selectFrom('ops').select('op_id').where('op_id', 'in', ids).executeTakeFirst())?.op_id);
  if (taken) {
    throw new DomainError('op-id-reused', 409, `Op id ${taken} was already used by another op`, field);
  }
}

async function lockTenantCounter(tx: Transaction<DB>, tenantId: string) {
  await sql`insert into sync_tenant_seq (tenant_id, last_seq) values (${tenantId}, 0)
    on conflict (tenant_id) do nothing`.execute(tx);
  await sql`select last_seq from sync_tenant_seq where tenant_id = ${tenantId} for update`.execute(tx);
}

async function lastDeviceSeq(tx: Transaction<DB>, deviceId: string): Promise<number> {
  const row = await tx
    .selectFrom('ops')
    .select((eb) => eb.fn.max('device_seq').as('last'))
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/** The op's author with the role the hub knows for them in this business; null if not an active member. */
async function actorOf(tx: Transaction<DB>, tenantId: string, userId: string | null): Promise<Actor | null> {
  if (userId === null) return null;
  const member = await tx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.role')
    .where('memberships.tenant_id', '=', tenantId)
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  return member ? { userId, role: member.role } : null;
}

/** SQLSTATE class 23: integrity constraint violations (foreign key, unique, check, not null, exclusion). */
function isConstraintViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^23[0-9A-Z]{3}$/.test(code);
}

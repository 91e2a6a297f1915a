/**
 * The console's outbox going up (ARCHITECTURE §5 "Up"): pending ops of a
 * tenant, in device_seq order, in batches to the hub's POST /sync/push.
 *
 * - Each op's result is recorded: applied → 'pushed'; rejected (a domain
 *   refusal: a result, never a blocker) → 'rejected'; quarantined (the hub
 *   cannot apply it) → 'quarantined'; both with the hub's reason.
 * - The hub unreachable or failing (5xx): nothing changes state; the ops'
 *   attempts and last error are noted and the client backs off. An outage
 *   never dead-letters an op.
 * - The hub refusing the batch itself (another 4xx): the batch shrinks to its
 *   first op; after MAX_ATTEMPTS refusals of that op alone it becomes 'dead'
 *   (listed with a retry action, never dropped). The hub needs gap-free
 *   device_seq, so ops after a dead one wait behind it, said in plain words.
 * - 409 device-seq-gap: the hub expects an earlier op than the first pending
 *   one. Ops in between that this console thinks delivered (the hub lost
 *   them, e.g. restored from a backup) go back to pending and are sent again.
 * - 401: the token is revoked or unknown; sync of this tenant stops.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { PushedOp, PushResponse } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import type { DB, OpsTable } from '../../../db/schema.js';
import { type HubFetch, hubRequest } from './hub-http.js';
import type { SyncLink } from './link.js';

export const PUSH_BATCH = 500;
export const MAX_ATTEMPTS = 8;

export type PushRound =
  | { kind: 'done'; pushed: number }
  | { kind: 'offline' | 'server' | 'refused' | 'blocked'; message: string }
  | { kind: 'revoked' | 'too-old'; message: string };

interface Opts {
  fetch: HubFetch;
  /** Batch size to start with (the client shrinks it to 1 after a refused batch). */
  batch?: number;
}

type OutboxRow = Pick<
  Selectable<OpsTable>,
  'op_id' | 'device_seq' | 'command' | 'input' | 'schema_version' | 'actor_id' | 'created_at' | 'numbers'
>;

/** The outbox columns `pushedOp` reads. */
export const OUTBOX_COLUMNS = [
  'op_id',
  'device_seq',
  'command',
  'input',
  'schema_version',
  'actor_id',
  'created_at',
  'numbers',
] as const;

/** An outbox row as POST /sync/push takes it (only synced ops, which have a device_seq, are pushed). */
export function pushedOp(op: OutboxRow): PushedOp {
  return {
    opId: op.op_id,
    deviceSeq: op.device_seq as number,
    command: op.command,
    input: JSON.parse(op.input),
    schemaVersion: op.schema_version,
    actorId: op.actor_id,
    createdAt: op.created_at,
    ...(op.numbers ? { numbers: JSON.parse(op.numbers) as Record<string, number[]> } : {}),
  };
}

/** Pushes every pending op of the tenant; returns when the outbox is empty or a push fails. */
/**
 * Ops the hub set aside because the business was suspended when they arrived (quarantined
 * `tenant-suspended`, sync/push.ts) go back to the outbox by themselves once this console has
 * pulled the business active again: the sales made then are not left waiting for someone to
 * find the retry button. While the console still holds the business active without having heard
 * of the suspension, one such op may be sent once more and set aside again.
 */
async function requeueAfterReactivation(db: Kysely<DB>, tenantId: string): Promise<void> {
  const tenant = await db
    .selectFrom('tenants')
    .select('status')
    .where('id', '=', tenantId)
    .executeTakeFirst();
  if (!tenant || tenant.status === 'suspended' || tenant.status === 'cancelled') return;
  await db
    .updateTable('ops')
    .set({ push_state: 'pending', push_attempts: 0, push_error: null })
    .where('tenant_id', '=', tenantId)
    .where('push_state', '=', 'quarantined')
    .where('push_error', 'like', '%"code":"tenant-suspended"%')
    .execute();
}

export async function pushPending(
  deps: Pick<AppDeps, 'db' | 'clock' | 'deviceId'>,
  link: SyncLink,
  token: string,
  opts: Opts,
): Promise<PushRound> {
  let batch = opts.batch ?? PUSH_BATCH;
  let pushed = 0;
  let gapResends = 0;
  await requeueAfterReactivation(deps.db, link.tenant_id);
  for (;;) {
    const blocker = await deadHead(deps.db, link.tenant_id, deps.deviceId);
    const ops = await deps.db
      .selectFrom('ops')
      .select(OUTBOX_COLUMNS)
      .where('tenant_id', '=', link.tenant_id)
      .where('device_id', '=', deps.deviceId)
      .where('push_state', '=', 'pending')
      .where('device_seq', 'is not', null)
      .$if(blocker !== null, (q) => q.where('device_seq', '<', blocker?.device_seq ?? 0))
      .orderBy('device_seq')
      .limit(batch)
      .execute();
    if (ops.length === 0) {
      if (blocker && (await hasPendingAfter(deps.db, link.tenant_id, deps.deviceId, blocker.device_seq))) {
        return {
          kind: 'blocked',
          message: `Change #${blocker.device_seq} (${blocker.command}) could not be delivered; later changes wait behind it until it is retried`,
        };
      }
      return { kind: 'done', pushed };
    }
    // The hub needs consecutive numbers in a batch: stop at the first hole (another tenant's op).
    let n = 1;
    while (n < ops.length && ops[n]?.device_seq === (ops[0]?.device_seq ?? 0) + n) n++;
    const sent = ops.slice(0, n);
    const answer = await hubRequest(opts.fetch, link.hub_url, '/sync/push', token, {
      method: 'POST',
      body: {
        ops: sent.map(pushedOp),
      },
    });
    const now = deps.clock.now().toISOString();
    if (answer.ok) {
      await recordResults(deps.db, link.tenant_id, deps.deviceId, answer.body as PushResponse, now);
      pushed += sent.length;
      batch = opts.batch ?? PUSH_BATCH;
      continue;
    }
    if (answer.kind === 'revoked' || answer.kind === 'too-old')
      return { kind: answer.kind, message: answer.message };
    const seqs = sent.map((op) => op.device_seq as number);
    if (answer.kind === 'refused' && answer.code === 'device-seq-gap') {
      const expected = Number((answer.body as { expectedDeviceSeq?: unknown }).expectedDeviceSeq);
      const first = seqs[0] as number;
      if (Number.isInteger(expected) && expected < first && gapResends < 3) {
        const reset = await deps.db
          .updateTable('ops')
          .set({ push_state: 'pending', pushed_at: null, push_error: null })
          .where('tenant_id', '=', link.tenant_id)
          .where('device_id', '=', deps.deviceId)
          .where('device_seq', '>=', expected)
          .where('device_seq', '<', first)
          .where('push_state', 'in', ['pushed', 'rejected', 'quarantined'])
          .executeTakeFirst();
        gapResends++;
        if (Number(reset.numUpdatedRows) > 0) continue;
      }
      const message = `The hub expects change #${expected} from this device next, but this console has #${first} to send; changes #${expected}–#${first - 1} are not here to resend`;
      await noteFailure(deps.db, seqs, deps.deviceId, message, false);
      return { kind: 'refused', message };
    }
    if (answer.kind === 'refused') {
      // The batch as a whole was refused: find the op it is by sending the first one alone.
      const alone = sent.length === 1;
      await noteFailure(deps.db, alone ? seqs : seqs.slice(0, 1), deps.deviceId, answer.message, alone);
      if (!alone) {
        batch = 1;
        continue;
      }
      return { kind: 'refused', message: `The hub refused change #${seqs[0]}: ${answer.message}` };
    }
    await noteFailure(deps.db, seqs, deps.deviceId, answer.message, false);
    return { kind: answer.kind, message: answer.message };
  }
}

async function recordResults(
  db: Kysely<DB>,
  tenantId: string,
  deviceId: string,
  response: PushResponse,
  now: string,
) {
  await db.transaction().execute(async (tx) => {
    for (const r of response.results) {
      const settled =
        r.status === 'applied'
          ? { push_state: 'pushed' as const, pushed_at: now, push_error: null }
          : {
              push_state: r.status,
              pushed_at: now,
              push_error: JSON.stringify(r.error ?? { code: 'unknown', message: 'No reason given' }),
            };
      await tx
        .updateTable('ops')
        .set(settled)
        .where('op_id', '=', r.opId)
        .where('tenant_id', '=', tenantId)
        .where('device_id', '=', deviceId)
        .execute();
    }
    await markRejectedBookings(tx, tenantId, response, now);
    const seqs = response.results.map((r) => r.deviceSeq);
    if (seqs.length > 0) {
      // Their rows are settled now: the hub's images may land again (pull-apply releases held rows).
      await sql`delete from sync_dirty_keys where device_seq in (${sql.join(seqs)})`.execute(tx);
    }
  });
}

/** Commands whose refusal markRejectedBookings settles here (the rows become 'rejected'). */
export const SETTLED_WHEN_REFUSED = ['bookings.booking.create', 'bookings.series.create'];

/**
 * A booking made here that the hub gave to someone else never reaches the
 * hub, so no pulled row corrects it: this console marks its own row
 * 'rejected' with the hub's reason (so it stops holding the slot here), as
 * the hub's verdict, not a local change (written under the pull flag). The
 * conflicts inbox lists it with free slots to offer instead.
 */
async function markRejectedBookings(
  tx: Transaction<DB>,
  tenantId: string,
  response: PushResponse,
  now: string,
) {
  const rejected = response.results.filter((r) => r.status === 'rejected');
  if (rejected.length === 0) return;
  const ops = await tx
    .selectFrom('ops')
    .select(['op_id', 'command', 'input'])
    .where('tenant_id', '=', tenantId)
    .where('command', 'in', SETTLED_WHEN_REFUSED)
    .where(
      'op_id',
      'in',
      rejected.map((r) => r.opId),
    )
    .execute();
  if (ops.length === 0) return;
  await sql`update sync_pull_flag set applying = 1 where id = 1`.execute(tx);
  for (const op of ops) {
    const id = (JSON.parse(op.input) as { id?: unknown }).id;
    const reason = rejected.find((r) => r.opId === op.op_id)?.error?.message ?? 'Refused by the hub';
    if (typeof id !== 'string') continue;
    await tx
      .updateTable('bookings')
      .set({ status: 'rejected', pending_reason: null, reason, updated_at: now })
      .where('tenant_id', '=', tenantId)
      // A refused series takes every occurrence it made here with it.
      .where(op.command === 'bookings.series.create' ? 'series_id' : 'id', '=', id)
      .where('status', 'in', ['pending', 'confirmed'])
      .execute();
  }
  await sql`update sync_pull_flag set applying = 0 where id = 1`.execute(tx);
}

/** Notes a failed push on the ops sent; `mayDie`: a refusal of this op alone, counted toward the dead letter. */
async function noteFailure(
  db: Kysely<DB>,
  seqs: number[],
  deviceId: string,
  message: string,
  mayDie: boolean,
) {
  if (seqs.length === 0) return;
  await db
    .updateTable('ops')
    .set((eb) => ({
      push_attempts: eb('push_attempts', '+', 1),
      push_error: JSON.stringify({ code: 'push-failed', message }),
    }))
    .where('device_id', '=', deviceId)
    .where('device_seq', 'in', seqs)
    .where('push_state', '=', 'pending')
    .execute();
  if (mayDie) {
    await db
      .updateTable('ops')
      .set({ push_state: 'dead' })
      .where('device_id', '=', deviceId)
      .where('device_seq', 'in', seqs)
      .where('push_state', '=', 'pending')
      .where('push_attempts', '>=', MAX_ATTEMPTS)
      .execute();
  }
}

/** The earliest dead op of this device and tenant: the hub cannot take anything after it. */
async function deadHead(db: Kysely<DB>, tenantId: string, deviceId: string) {
  const row = await db
    .selectFrom('ops')
    .select(['device_seq', 'command'])
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('push_state', '=', 'dead')
    .orderBy('device_seq')
    .limit(1)
    .executeTakeFirst();
  return row && row.device_seq !== null ? { device_seq: row.device_seq, command: row.command } : null;
}

async function hasPendingAfter(db: Kysely<DB>, tenantId: string, deviceId: string, seq: number) {
  const row = await db
    .selectFrom('ops')
    .select('op_id')
    .where('tenant_id', '=', tenantId)
    .where('device_id', '=', deviceId)
    .where('push_state', '=', 'pending')
    .where('device_seq', '>', seq)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

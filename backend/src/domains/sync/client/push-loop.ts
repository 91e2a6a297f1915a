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
 * - A batch is bounded by size too (PUSH_BATCH_BYTES, well under the hub's
 *   JSON body limit), never below one op: a backlog of large sales goes up
 *   in several requests instead of one the hub refuses (413). A 413 anyway
 *   (a proxy in front of the hub with a smaller limit) halves the batch; one
 *   op alone refused as too large can never be delivered and is dead at
 *   once (code op-too-large), not after MAX_ATTEMPTS rounds.
 * - A 2xx whose body is not the hub's answer to this batch (another service
 *   at the hub's address): nothing changes state, as when the hub is
 *   unreachable.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { PushedOp, PushResponse, PushResult } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import type { DB, OpsTable } from '../../../db/schema.js';
import { type HubFetch, hubRequest, notTheHub } from './hub-http.js';
import type { SyncLink } from './link.js';

export const PUSH_BATCH = 500;
export const MAX_ATTEMPTS = 8;
/**
 * Bytes of ops in one push request: half of 1 MB (the app's usual JSON body limit, app.ts
 * BODY_LIMIT, and a common proxy's default), so a batch is never refused for its size and goes up
 * well within the request timeout on a slow line. One op larger than that goes alone: the hub
 * reads a push up to PUSH_BODY_LIMIT (hub.routes.ts).
 */
export const PUSH_BATCH_BYTES = 512 * 1024;

export type PushRound =
  | { kind: 'done'; pushed: number }
  | { kind: 'offline' | 'server' | 'refused' | 'blocked'; message: string }
  | { kind: 'revoked' | 'too-old'; message: string };

interface Opts {
  fetch: HubFetch;
  /** Batch size to start with (the client shrinks it to 1 after a refused batch). */
  batch?: number;
  /** Bytes of ops per request to start with (halved after a 413). */
  batchBytes?: number;
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
  // Kept for the whole call once a 413 halved it: whatever refused the size refuses it again.
  let batchBytes = opts.batchBytes ?? PUSH_BATCH_BYTES;
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
    // The hub needs consecutive numbers in a batch: stop at the first hole (another tenant's op),
    // or where the request would grow past batchBytes (the first op goes whatever its size).
    const first = ops[0] as OutboxRow;
    const body: PushedOp[] = [pushedOp(first)];
    let bytes = opBytes(body[0] as PushedOp);
    for (let i = 1; i < ops.length; i++) {
      const op = ops[i] as OutboxRow;
      if (op.device_seq !== (first.device_seq ?? 0) + i) break;
      const wire = pushedOp(op);
      const size = opBytes(wire) + 1;
      if (bytes + size > batchBytes) break;
      body.push(wire);
      bytes += size;
    }
    const sent = ops.slice(0, body.length);
    const answer = await hubRequest(opts.fetch, link.hub_url, '/sync/push', token, {
      method: 'POST',
      body: { ops: body },
    });
    const now = deps.clock.now().toISOString();
    const seqs = sent.map((op) => op.device_seq as number);
    if (answer.ok) {
      const response = answerTo(answer.body, sent);
      if (!response) {
        // Some other service answered (its JSON names none of these ops): the hub was not reached.
        const wrong = notTheHub(link.hub_url, answer.status);
        await noteFailure(deps.db, seqs, deps.deviceId, wrong.message, false);
        return { kind: wrong.kind, message: wrong.message };
      }
      await recordResults(deps.db, link.tenant_id, deps.deviceId, response, now);
      pushed += sent.length;
      batch = opts.batch ?? PUSH_BATCH;
      continue;
    }
    if (answer.kind === 'revoked' || answer.kind === 'too-old')
      return { kind: answer.kind, message: answer.message };
    if (answer.status === 413) {
      // Too large for the hub (or a proxy before it): a smaller batch, down to the one op.
      if (sent.length > 1) {
        batchBytes = Math.max(1, Math.floor(bytes / 2));
        continue;
      }
      await deadTooLarge(deps.db, first, deps.deviceId, bytes);
      continue;
    }
    if (answer.kind === 'refused' && answer.code === 'device-seq-gap') {
      const expected = Number((answer.body as { expectedDeviceSeq?: unknown }).expectedDeviceSeq);
      const firstSeq = seqs[0] as number;
      if (Number.isInteger(expected) && expected < firstSeq && gapResends < 3) {
        const reset = await deps.db
          .updateTable('ops')
          .set({ push_state: 'pending', pushed_at: null, push_error: null })
          .where('tenant_id', '=', link.tenant_id)
          .where('device_id', '=', deps.deviceId)
          .where('device_seq', '>=', expected)
          .where('device_seq', '<', firstSeq)
          .where('push_state', 'in', ['pushed', 'rejected', 'quarantined'])
          .executeTakeFirst();
        gapResends++;
        if (Number(reset.numUpdatedRows) > 0) continue;
      }
      const message = `The hub expects change #${expected} from this device next, but this console has #${firstSeq} to send; changes #${expected}–#${firstSeq - 1} are not here to resend`;
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

/** The op's size in a push request's JSON (UTF-8 bytes). */
function opBytes(op: PushedOp): number {
  return Buffer.byteLength(JSON.stringify(op));
}

const PUSH_STATUSES: ReadonlySet<unknown> = new Set(['applied', 'rejected', 'quarantined']);

/**
 * The hub's answer to the batch `sent`, or null when the body is not one: the hub answers every
 * op it was sent, each with its outcome.
 */
function answerTo(body: unknown, sent: readonly OutboxRow[]): PushResponse | null {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return null;
  const answered = new Set<string>();
  for (const r of results as Partial<PushResult>[]) {
    if (typeof r !== 'object' || r === null) return null;
    if (typeof r.opId !== 'string' || typeof r.deviceSeq !== 'number' || !PUSH_STATUSES.has(r.status))
      return null;
    answered.add(r.opId);
  }
  if (!sent.every((op) => answered.has(op.op_id))) return null;
  return body as PushResponse;
}

/** One op alone refused as too large (413): no retry can deliver it; it is dead at once, saying so. */
async function deadTooLarge(db: Kysely<DB>, op: OutboxRow, deviceId: string, bytes: number) {
  const size =
    bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
  const message = `Change #${op.device_seq} (${op.command}) is too large for the hub to take (${size} in one request); it cannot be delivered as it is`;
  await db
    .updateTable('ops')
    .set((eb) => ({
      push_state: 'dead',
      push_attempts: eb('push_attempts', '+', 1),
      push_error: JSON.stringify({ code: 'op-too-large', message }),
    }))
    .where('device_id', '=', deviceId)
    .where('op_id', '=', op.op_id)
    .where('push_state', '=', 'pending')
    .execute();
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

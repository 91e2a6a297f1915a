import { Router } from 'express';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DeadLetterView, SyncConflictView, SyncStatus } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, tenantPrincipal } from '../../core/http.js';
import { command, execute } from '../../core/pipeline.js';
import type { DB, OpsTable } from '../../db/schema.js';
import { syncStatus } from './client/status.js';
import { listConflicts, listDeadLetters } from './sync.queries.js';

/** One of this business's ops in one of `states`, or undefined. */
function opOfTenant(tx: Transaction<DB>, tenantId: string, opId: string, states: OpsTable['push_state'][]) {
  return tx
    .selectFrom('ops')
    .select(['op_id', 'command', 'push_state', 'push_attempts', 'reviewed_at'])
    .where('tenant_id', '=', tenantId)
    .where('op_id', '=', opId)
    .where('push_state', 'in', states)
    .executeTakeFirst();
}

/** An op sent back to the outbox: pending again, its attempts and last failure forgotten. */
const REQUEUED = { push_state: 'pending', push_attempts: 0, push_error: null } as const;

/**
 * A dead letter (or an op the hub quarantined) goes back to the outbox with
 * its attempts reset; the push loop sends it at its next round. A console
 * command (it never syncs): who retried what is in the audit log.
 */
export const retryDeadLetter = command({
  name: 'sync.dead-letter.retry',
  permission: 'sync.manage',
  input: z.object({ opId: z.string().min(1).max(64) }),
  sync: false,
  async handler(tx, input, ctx) {
    const op = await opOfTenant(tx, ctx.tenantId, input.opId, ['dead', 'quarantined']);
    if (!op) throw notFound('Dead letter');
    await tx
      .updateTable('ops')
      .set(REQUEUED)
      .where('tenant_id', '=', ctx.tenantId)
      .where('op_id', '=', op.op_id)
      .execute();
    return {
      result: { opId: op.op_id },
      entity: { type: 'op', id: op.op_id },
      before: { state: op.push_state, attempts: op.push_attempts, command: op.command },
      after: { state: 'pending', attempts: 0, command: op.command },
    };
  },
});

/**
 * Every dead letter and quarantined op of the business back to the outbox at
 * once: after the hub is updated, a console that was updated first has every
 * change it made meanwhile quarantined (`schema-too-new`), and retrying them
 * one by one is no way to spend a morning. Still in device_seq order, so the
 * hub applies them as they were made.
 */
export const retryAllDeadLetters = command({
  name: 'sync.dead-letter.retry-all',
  permission: 'sync.manage',
  input: z.object({}).strict(),
  sync: false,
  async handler(tx, _input, ctx) {
    const stuck = await tx
      .selectFrom('ops')
      .select('op_id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('push_state', 'in', ['dead', 'quarantined'])
      .orderBy('device_seq')
      .execute();
    if (stuck.length === 0) {
      throw new DomainError('nothing-to-retry', 409, 'No change is waiting to be retried');
    }
    await tx
      .updateTable('ops')
      .set(REQUEUED)
      .where('tenant_id', '=', ctx.tenantId)
      .where('push_state', 'in', ['dead', 'quarantined'])
      .execute();
    const opIds = stuck.map((op) => op.op_id);
    return {
      result: { retried: opIds.length },
      entity: { type: 'sync', id: ctx.tenantId },
      after: { state: 'pending', opIds },
    };
  },
});

/**
 * A refused change someone has dealt with leaves the conflicts inbox (and the
 * badge's count); who marked it and when stays on the op and in the audit
 * log. Oversells are not reviewed here: they are resolved in stock.
 */
export const reviewConflict = command({
  name: 'sync.conflict.review',
  permission: 'sync.manage',
  input: z.object({ opId: z.string().min(1).max(64) }),
  sync: false,
  async handler(tx, input, ctx) {
    const op = await opOfTenant(tx, ctx.tenantId, input.opId, ['rejected']);
    if (!op) throw new DomainError('conflict-not-found', 404, 'There is no such refused change', 'opId');
    if (op.reviewed_at) {
      throw new DomainError(
        'conflict-already-reviewed',
        409,
        'This conflict was already marked reviewed',
        'opId',
      );
    }
    await tx
      .updateTable('ops')
      .set({ reviewed_at: ctx.now, reviewed_by: ctx.actor?.userId ?? null })
      .where('tenant_id', '=', ctx.tenantId)
      .where('op_id', '=', op.op_id)
      .execute();
    return {
      result: { opId: op.op_id },
      entity: { type: 'op', id: op.op_id },
      after: { reviewed: true, command: op.command },
    };
  },
});

/**
 * The console's sync API: honest status (any signed-in role: the header
 * badge), and for OWNER/ADMIN (sync.manage) the dead letters with a retry,
 * the conflicts inbox (with "mark reviewed") and "sync now". Until this device is enrolled with a
 * hub the state is 'local-only', and it still reports what waits.
 */
export function syncRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/sync/status', async (req, res) => {
    const { tenantId } = tenantPrincipal(req);
    const status: SyncStatus = await syncStatus(deps, tenantId);
    res.json(status);
  });

  router.get('/api/sync/dead-letters', async (req, res) => {
    const { tenantId } = authorizeRead(req, 'sync.manage');
    const list: DeadLetterView[] = await listDeadLetters(deps.db, tenantId);
    res.json(list);
  });

  router.post('/api/sync/dead-letters/:opId/retry', async (req, res) => {
    const ctx = commandContext(deps, req);
    await execute(deps, ctx, retryDeadLetter, { opId: req.params.opId });
    deps.syncClient?.opsRecorded(ctx.tenantId);
    res.json(await syncStatus(deps, ctx.tenantId));
  });

  router.post('/api/sync/dead-letters/retry-all', async (req, res) => {
    const ctx = commandContext(deps, req);
    await execute(deps, ctx, retryAllDeadLetters, req.body ?? {});
    deps.syncClient?.opsRecorded(ctx.tenantId);
    res.json(await syncStatus(deps, ctx.tenantId));
  });

  router.get('/api/sync/conflicts', async (req, res) => {
    const { tenantId } = authorizeRead(req, 'sync.manage');
    const list: SyncConflictView[] = await listConflicts(deps.db, tenantId, deps.clock.now().toISOString());
    res.json(list);
  });

  router.post('/api/sync/conflicts/:opId/review', async (req, res) => {
    const ctx = commandContext(deps, req);
    await execute(deps, ctx, reviewConflict, { opId: req.params.opId });
    res.json(await syncStatus(deps, ctx.tenantId));
  });

  router.post('/api/sync/now', async (req, res) => {
    const { tenantId } = authorizeRead(req, 'sync.manage');
    await deps.syncClient?.syncNow(tenantId);
    res.json(await syncStatus(deps, tenantId));
  });
  return router;
}

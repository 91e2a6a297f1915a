import { Router } from 'express';
import type { SyncStatus } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { principal } from '../../core/http.js';

/**
 * Honest status: until this device is enrolled with a hub it is 'local-only',
 * and it still reports how many ops wait in the outbox.
 */
export function syncRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/sync/status', async (req, res) => {
    const { tenantId } = principal(req);
    const row = await deps.db
      .selectFrom('ops')
      .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('created_at').as('oldest')])
      .where('tenant_id', '=', tenantId)
      .where('push_state', '=', 'pending')
      .executeTakeFirst();
    const status: SyncStatus = {
      state: 'local-only',
      pendingOps: Number(row?.pending ?? 0),
      oldestPendingAt: row?.oldest ?? null,
    };
    res.json(status);
  });
  return router;
}

import { Router } from 'express';
import type { SyncStatus } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { tenantPrincipal } from '../../core/http.js';
import { outboxSummary } from './sync.queries.js';

/**
 * Honest status: until this device is enrolled with a hub it is 'local-only',
 * and it still reports how many ops wait in the outbox.
 */
export function syncRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/api/sync/status', async (req, res) => {
    const { tenantId } = tenantPrincipal(req);
    const status: SyncStatus = {
      state: 'local-only',
      ...(await outboxSummary(deps.db, tenantId)),
      hubUrl: null,
      deviceName: null,
      lastPushAt: null,
      lastPullAt: null,
      lastError: null,
      deadLetters: 0,
      conflicts: 0,
    };
    res.json(status);
  });
  return router;
}

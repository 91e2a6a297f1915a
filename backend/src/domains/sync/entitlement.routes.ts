import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';
import { deviceFromRequest } from './device-auth.js';
import { DEFAULT_ENTITLEMENT_TTL_HOURS, issueEntitlement } from './entitlement.js';

/** Hub only: GET /sync/entitlement — the device's signed entitlement and the hub's public key. */
export function entitlementRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/sync/entitlement', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    res.json(
      await issueEntitlement(
        deps.db,
        device,
        deps.clock.now(),
        deps.entitlementTtlHours ?? DEFAULT_ENTITLEMENT_TTL_HOURS,
      ),
    );
  });
  return router;
}

import { type Request, Router } from 'express';
import { platformTenantQuery, tenantPlanRequest, tenantStatusRequest } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { requirePlatform } from '../../core/http.js';
import { type CommandContext, execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { listAuditEntries } from '../audit/audit.queries.js';
import { updateSession } from '../auth/auth.queries.js';
import { freshSessionInfo } from '../auth/auth.routes.js';
import { revokeDeviceByPlatform } from '../sync/hub-devices.js';
import { findBusiness } from '../tenancy/tenancy.queries.js';
import { changeTenantPlan, changeTenantStatus, openSupportAccess } from './platform.commands.js';
import { listTenants } from './platform.queries.js';

/** Super-admin API: the platform's tenants. Platform commands run in the target tenant's context. */
export function platformRoutes(deps: AppDeps): Router {
  const router = Router();

  async function targetContext(req: Request): Promise<CommandContext> {
    const auth = requirePlatform(req);
    const tenantId = String(req.params.id);
    if (!(await findBusiness(deps.db, tenantId))) throw notFound('Business');
    return {
      tenantId,
      actor: { userId: auth.userId, role: 'SUPERADMIN' },
      deviceId: deps.deviceId,
      now: deps.clock.now().toISOString(),
      opId: deps.newId(),
    };
  }

  router.get('/api/platform/tenants', async (req, res) => {
    requirePlatform(req);
    res.json(await listTenants(deps.db, parseOrThrow(platformTenantQuery, req.query), deps.mode));
  });

  router.get('/api/platform/tenants/:id', async (req, res) => {
    requirePlatform(req);
    const tenant = await findBusiness(deps.db, req.params.id);
    if (!tenant) throw notFound('Business');
    const { entries } = await listAuditEntries(deps.db, tenant.id, { limit: 100 });
    res.json({ tenant, entries });
  });

  router.post('/api/platform/tenants/:id/status', async (req, res) => {
    const body = parseOrThrow(tenantStatusRequest, req.body);
    res.json(await execute(deps, await targetContext(req), changeTenantStatus, body));
  });

  router.post('/api/platform/tenants/:id/plan', async (req, res) => {
    const body = parseOrThrow(tenantPlanRequest, req.body);
    res.json(await execute(deps, await targetContext(req), changeTenantPlan, body));
  });

  /** A console of the business reported lost or stolen: revoked whatever the business's status. */
  router.post('/api/platform/tenants/:id/devices/:deviceId/revoke', async (req, res) => {
    if (deps.mode !== 'hub') throw notFound('Device');
    const ctx = await targetContext(req);
    const input = { deviceId: req.params.deviceId, reason: req.body?.reason };
    res.json(await execute(deps, ctx, revokeDeviceByPlatform, input));
  });

  router.post('/api/platform/tenants/:id/support', async (req, res) => {
    const ctx = await targetContext(req);
    await execute(deps, ctx, openSupportAccess, {});
    const auth = requirePlatform(req);
    await updateSession(deps.db, auth.sessionId, {
      tenant_id: ctx.tenantId,
      support_mode: 1,
      acting_user_id: null,
    });
    res.json(await freshSessionInfo(deps, req));
  });

  router.post('/api/platform/exit-support', async (req, res) => {
    const auth = req.auth;
    if (!auth?.isSuperadmin) throw notFound('Support session');
    await updateSession(deps.db, auth.sessionId, { tenant_id: null, support_mode: 0, acting_user_id: null });
    res.json(await freshSessionInfo(deps, req));
  });

  return router;
}

import { Router } from 'express';
import { type SetupStatus, setupRequest } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, tenantPrincipal } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { sessionInfo, signIn } from '../auth/auth.routes.js';
import { listMembers } from '../users/users.queries.js';
import { createFirstBusiness } from './first-run.js';
import { updateBusinessSettings } from './tenancy.commands.js';
import { anyBusinessExists, findBusiness } from './tenancy.queries.js';

export function tenancyRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/setup', async (_req, res) => {
    const status: SetupStatus = { needsSetup: !(await anyBusinessExists(deps.db)) };
    res.json(status);
  });

  router.post('/api/setup', async (req, res) => {
    const { tenantId, ownerUserId } = await createFirstBusiness(deps, parseOrThrow(setupRequest, req.body));
    res.status(201).json(await sessionInfo(deps, await signIn(deps, req, res, ownerUserId, tenantId)));
  });

  router.get('/api/tenant', async (req, res) => {
    const business = await findBusiness(deps.db, tenantPrincipal(req).tenantId);
    if (!business) throw notFound('Business');
    res.json(business);
  });

  /** Everything the business owns, as one JSON file; works while suspended or cancelled (read-only). */
  router.get('/api/tenant/export', async (req, res) => {
    const auth = authorizeRead(req, 'business.manage');
    const business = await findBusiness(deps.db, auth.tenantId);
    if (!business) throw notFound('Business');
    const audit = await deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('tenant_id', '=', auth.tenantId)
      .orderBy('device_id')
      .orderBy('seq')
      .execute();
    const date = deps.clock.now().toISOString().slice(0, 10);
    res.attachment(`mostrador-${business.id}-${date}.json`);
    res.json({
      format: 'mostrador-export/1',
      exportedAt: deps.clock.now().toISOString(),
      business,
      members: await listMembers(deps.db, auth.tenantId),
      auditEntries: audit,
    });
  });

  router.patch('/api/tenant', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), updateBusinessSettings, req.body));
  });

  return router;
}

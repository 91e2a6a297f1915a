import { type Response, Router } from 'express';
import { type BusinessDetail, type SetupStatus, setupRequest } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, tenantPrincipal } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { sessionInfo, signIn } from '../auth/auth.routes.js';
import { createFirstBusiness } from './first-run.js';
import { updateBusinessSettings } from './tenancy.commands.js';
import { exportBusiness } from './tenancy.export.js';
import { anyBusinessExists, findBusiness, firstTableWithAmounts } from './tenancy.queries.js';

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
    const { tenantId } = tenantPrincipal(req);
    const business = await findBusiness(deps.db, tenantId);
    if (!business) throw notFound('Business');
    // Settings shows the currency as fixed before anyone tries to change it (currency-locked).
    const detail: BusinessDetail = {
      ...business,
      currencyLocked: (await firstTableWithAmounts(deps.db, tenantId)) !== null,
    };
    res.json(detail);
  });

  /**
   * Everything the business owns, as one JSON file (tenancy.export.ts); works while suspended or
   * cancelled (read-only). Written as it is read: a year of sales is never held in memory.
   */
  router.get('/api/tenant/export', async (req, res) => {
    const auth = authorizeRead(req, 'business.manage');
    const now = deps.clock.now().toISOString();
    let started = false;
    try {
      await exportBusiness(deps.db, auth.tenantId, now, {
        begin(business) {
          started = true;
          res.attachment(`mostrador-${business.id}-${now.slice(0, 10)}.json`);
          res.type('application/json');
        },
        write: (chunk) => writeChunk(res, chunk),
      });
      res.end();
    } catch (err) {
      if (!started) throw err;
      // The status line has gone: a cut-off file must not look complete.
      deps.logger.error({ err }, 'business export failed');
      res.destroy(err as Error);
    }
  });

  router.patch('/api/tenant', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), updateBusinessSettings, req.body));
  });

  return router;
}

/** Writes a chunk, waiting for the response to drain when its buffer is full. */
function writeChunk(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      res.off('drain', done);
      res.off('close', closed);
      err ? reject(err) : resolve();
    };
    const closed = () => done(new Error('The client went away during the export'));
    res.once('drain', done);
    res.once('close', closed);
  });
}

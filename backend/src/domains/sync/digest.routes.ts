import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../core/deps.js';
import { parseOrThrow } from '../../core/validation.js';
import { deviceFromRequest } from './device-auth.js';
import { hubDigest } from './digest.js';

const digestRequest = z.object({
  cursor: z.number().int().min(0),
  tables: z.record(z.string().max(64), z.array(z.string().max(64)).max(200)),
});

/** Hub only: POST /sync/digest — per-table counts and hashes of the device's business up to a cursor. */
export function digestRoutes(deps: AppDeps): Router {
  const router = Router();
  router.post('/sync/digest', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    const body = parseOrThrow(digestRequest, req.body);
    res.json(await hubDigest(deps.db, device.tenantId, body.cursor, body.tables));
  });
  return router;
}

import { Router } from 'express';
import { auditQuery } from '../../contract/index.js';
import { verifyAuditChains } from '../../core/audit.js';
import type { AppDeps } from '../../core/deps.js';
import { authorizeRead } from '../../core/http.js';
import { parseOrThrow } from '../../core/validation.js';
import { listAuditEntries } from './audit.queries.js';

export function auditRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/audit', async (req, res) => {
    const auth = authorizeRead(req, 'audit.read');
    res.json(await listAuditEntries(deps.db, auth.tenantId, parseOrThrow(auditQuery, req.query)));
  });

  router.post('/api/audit/verify', async (req, res) => {
    const auth = authorizeRead(req, 'audit.read');
    res.json(await verifyAuditChains(deps.db, auth.tenantId));
  });

  return router;
}

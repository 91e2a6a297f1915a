import { Router } from 'express';
import { z } from 'zod';
import type { AuditEntryView, Role } from '../../contract/index.js';
import { verifyAuditChains } from '../../core/audit.js';
import type { AppDeps } from '../../core/deps.js';
import { forbidden } from '../../core/errors.js';
import { principal } from '../../core/http.js';
import { parseOrThrow } from '../../core/validation.js';
import { listAuditEntries } from './audit.queries.js';

const AUDIT_READERS: readonly Role[] = ['OWNER', 'ADMIN'];

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function auditRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/audit', async (req, res) => {
    const auth = principal(req);
    if (!AUDIT_READERS.includes(auth.role)) throw forbidden();
    const { limit } = parseOrThrow(listQuery, req.query);
    const entries: AuditEntryView[] = await listAuditEntries(deps.db, auth.tenantId, limit);
    res.json({ entries });
  });

  router.post('/api/audit/verify', async (req, res) => {
    const auth = principal(req);
    if (!AUDIT_READERS.includes(auth.role)) throw forbidden();
    res.json(await verifyAuditChains(deps.db, auth.tenantId));
  });

  return router;
}

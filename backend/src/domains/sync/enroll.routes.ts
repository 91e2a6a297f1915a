import { Router } from 'express';
import {
  type ConsoleEnrollPreview,
  type ConsoleEnrollResult,
  consoleEnrollPreviewRequest,
  consoleEnrollRequest,
  setupJoinRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { authorizeRead, type TenantPrincipal } from '../../core/http.js';
import { parseOrThrow } from '../../core/validation.js';
import { enrollConsole, joinOnFirstRun, previewConsoleEnrollment } from './client/enroll.js';

/**
 * A console's enrollment with a hub (mode 'local' only): Settings → Sync
 * (an OWNER of the business on this console) and the first-run "join".
 */
export function enrollRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/sync/enroll/preview', async (req, res) => {
    const auth = owner(req);
    const body = parseOrThrow(consoleEnrollPreviewRequest, req.body);
    const preview: ConsoleEnrollPreview = await previewConsoleEnrollment(deps, auth, body);
    res.json(preview);
  });

  router.post('/api/sync/enroll', async (req, res) => {
    const auth = owner(req);
    const body = parseOrThrow(consoleEnrollRequest, req.body);
    const result: ConsoleEnrollResult = await enrollConsole(deps, auth, body);
    res.status(201).json(result);
  });

  /** First run: no business and no session yet; afterwards people sign in with their hub accounts. */
  router.post('/api/setup/join', async (req, res) => {
    const body = parseOrThrow(setupJoinRequest, req.body);
    const result: ConsoleEnrollResult = await joinOnFirstRun(deps, body);
    res.status(201).json(result);
  });

  return router;
}

function owner(req: import('express').Request): TenantPrincipal {
  const auth = authorizeRead(req, 'business.manage');
  if (auth.supportMode) throw new DomainError('support-read-only', 403, 'Support mode is read-only');
  return auth;
}

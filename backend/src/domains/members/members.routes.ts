import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function membersRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}

import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function invoicingRoutes(_deps: AppDeps): Router {
  return Router();
}

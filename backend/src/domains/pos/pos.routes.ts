import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function posRoutes(_deps: AppDeps): Router {
  return Router();
}

import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function stockRoutes(_deps: AppDeps): Router {
  return Router();
}

import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function shiftsRoutes(_deps: AppDeps): Router {
  return Router();
}

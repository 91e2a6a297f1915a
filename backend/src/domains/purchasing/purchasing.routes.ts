import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function purchasingRoutes(_deps: AppDeps): Router {
  return Router();
}

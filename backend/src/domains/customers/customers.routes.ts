import { Router } from 'express';
import type { AppDeps } from '../../core/deps.js';

export function customersRoutes(_deps: AppDeps): Router {
  return Router();
}

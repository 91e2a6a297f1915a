import type { AppDeps } from './core/deps.js';
import { createFirstBusiness } from './domains/tenancy/first-run.js';
import { anyBusinessExists } from './domains/tenancy/tenancy.queries.js';

export const DEMO_OWNER = { name: 'Ana Demo', email: 'demo@mostrador.app', password: 'demo-mostrador' };

/** Seeds a demo business through the same command pipeline as a real first run. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  if (await anyBusinessExists(deps.db)) return false;
  await createFirstBusiness(deps, {
    business: { name: 'Café La Esquina', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
    owner: DEMO_OWNER,
  });
  return true;
}

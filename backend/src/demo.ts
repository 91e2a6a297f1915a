import type { AppDeps } from './core/deps.js';
import { execute } from './core/pipeline.js';
import { hashPassword } from './domains/auth/password.js';
import { createBusiness } from './domains/tenancy/tenancy.commands.js';
import { anyBusinessExists } from './domains/tenancy/tenancy.queries.js';

export const DEMO_OWNER = { name: 'Ana Demo', email: 'demo@mostrador.app', password: 'demo-mostrador' };

/** Seeds a demo business through the same command pipeline as a real first run. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  if (await anyBusinessExists(deps.db)) return false;
  const tenantId = deps.newId();
  const ownerUserId = deps.newId();
  await execute(
    deps,
    {
      tenantId,
      actor: null,
      deviceId: deps.deviceId,
      now: deps.clock.now().toISOString(),
      opId: deps.newId(),
    },
    createBusiness,
    {
      tenantId,
      ownerUserId,
      defaultLocationId: deps.newId(),
      business: { name: 'Café La Esquina', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
      owner: {
        name: DEMO_OWNER.name,
        email: DEMO_OWNER.email,
        passwordHash: await hashPassword(DEMO_OWNER.password),
      },
    },
  );
  return true;
}

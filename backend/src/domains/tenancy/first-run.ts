import type { SetupRequest } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { execute } from '../../core/pipeline.js';
import { hashPassword } from '../auth/password.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { createBusiness } from './tenancy.commands.js';

/**
 * Creates the install's first business and its owner through the pipeline,
 * as the first-run screen and the demo do. Always a fresh op id: replaying
 * setup must never sign anyone in again.
 */
export async function createFirstBusiness(
  deps: AppDeps,
  setup: SetupRequest,
): Promise<{ tenantId: string; ownerUserId: string }> {
  assertStrongPassword(setup.owner.password, 'owner.password');
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
      business: setup.business,
      owner: {
        name: setup.owner.name,
        email: setup.owner.email,
        passwordHash: await hashPassword(setup.owner.password),
      },
    },
  );
  return { tenantId, ownerUserId };
}

import { Router } from 'express';
import { changeRoleRequest, setPinRequest } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { authorizeRead, commandContext } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { findUserById } from '../auth/auth.queries.js';
import { verifyPassword } from '../auth/password.js';
import { pinHmac } from '../auth/pin.js';
import { changeRole, deactivateMember, reactivateMember, removeMember, setOwnPin } from './users.commands.js';
import { listMembers } from './users.queries.js';

export function usersRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/users', async (req, res) => {
    const auth = authorizeRead(req, 'users.manage');
    res.json({ members: await listMembers(deps.db, auth.tenantId) });
  });

  router.patch('/api/users/:userId/role', async (req, res) => {
    const { role } = parseOrThrow(changeRoleRequest, req.body);
    res.json(await execute(deps, commandContext(deps, req), changeRole, { userId: req.params.userId, role }));
  });

  for (const [path, cmd] of [
    ['deactivate', deactivateMember],
    ['reactivate', reactivateMember],
  ] as const) {
    router.post(`/api/users/:userId/${path}`, async (req, res) => {
      res.json(await execute(deps, commandContext(deps, req), cmd, { userId: req.params.userId }));
    });
  }

  router.delete('/api/users/:userId', async (req, res) => {
    await execute(deps, commandContext(deps, req), removeMember, { userId: req.params.userId });
    res.status(204).end();
  });

  router.put('/api/me/pin', async (req, res) => {
    const ctx = commandContext(deps, req);
    const body = parseOrThrow(setPinRequest, req.body);
    const me = await findUserById(deps.db, ctx.actor?.userId as string);
    if (!me || !(await verifyPassword(me.password_hash, body.currentPassword))) {
      throw new DomainError('invalid-credentials', 401, 'The password is not correct', 'currentPassword');
    }
    await execute(deps, ctx, setOwnPin, { pinHmac: pinHmac(deps.pinKey, ctx.tenantId, body.pin) });
    res.status(204).end();
  });

  return router;
}

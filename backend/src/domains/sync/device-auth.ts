import type { Request } from 'express';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { hashToken } from '../auth/sessions.js';
import { authenticateDevice, type DevicePrincipal } from './hub-devices.js';

/** The device behind `Authorization: Bearer <device token>` on a hub's /sync/* request. */
export async function deviceFromRequest(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  req: Request,
): Promise<DevicePrincipal> {
  const match = /^Bearer ([\w-]{20,200})$/.exec(req.get('authorization') ?? '');
  if (!match?.[1]) {
    throw new DomainError('device-token-required', 401, 'Send the device token as "Authorization: Bearer …"');
  }
  return authenticateDevice(deps.db, hashToken(match[1]), deps.clock.now());
}

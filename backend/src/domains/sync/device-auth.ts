import type { Request } from 'express';
import { APP_VERSION_HEADER } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { hashToken } from '../auth/sessions.js';
import { authenticateDevice, type DevicePrincipal } from './hub-devices.js';

/** A console names its outbox size (ops still to push) on its sync requests; the owner sees it per device. */
export const PENDING_HEADER = 'x-mostrador-pending';

/** The count a request reports, or null when absent or not a plain non-negative integer. */
export function reportedPending(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/**
 * The device behind `Authorization: Bearer <device token>` on a hub's /sync/* request.
 * A request that reports its pending count (`x-mostrador-pending`) has it stored on the device.
 */
export async function deviceFromRequest(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  req: Request,
): Promise<DevicePrincipal> {
  const match = /^Bearer ([\w-]{20,200})$/.exec(req.get('authorization') ?? '');
  if (!match?.[1]) {
    throw new DomainError('device-token-required', 401, 'Send the device token as "Authorization: Bearer …"');
  }
  const now = deps.clock.now();
  const device = await authenticateDevice(deps.db, hashToken(match[1]), now, {
    appVersion: req.get(APP_VERSION_HEADER),
  });
  const pending = reportedPending(req.get(PENDING_HEADER));
  if (pending !== null) {
    await deps.db
      .updateTable('hub_devices')
      .set({ pending_ops: pending, pending_reported_at: now.toISOString() })
      .where('tenant_id', '=', device.tenantId)
      .where('id', '=', device.deviceId)
      .execute();
  }
  return device;
}

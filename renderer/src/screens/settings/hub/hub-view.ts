/** Pure helpers of the hub's Settings → Sync: device states, pending counts and ages in words. */
import type { HealthResponse, HubDeviceView } from '../../../contract';
import type { MessageKey, Translator } from '../../../i18n';
import { relativeAge } from '../sync/sync-view';

export type DeviceState = 'active' | 'revoked';

export function deviceState(device: Pick<HubDeviceView, 'revokedAt'>): DeviceState {
  return device.revokedAt ? 'revoked' : 'active';
}

export function deviceStateKey(state: DeviceState): MessageKey {
  return state === 'revoked' ? 'hub.devices.state.revoked' : 'hub.devices.state.active';
}

/** Whether the server the renderer talks to is a hub: only an answer that says so counts. */
export function isHubMode(health: Pick<HealthResponse, 'mode'> | null | undefined): boolean {
  return health?.mode === 'hub';
}

/**
 * "3 cambios · informado hace 2 min", or "Sin informar" for a device that never said
 * (an older console): never a reassuring 0 the device did not report.
 */
export function pendingText(
  device: Pick<HubDeviceView, 'pendingOps' | 'pendingReportedAt'>,
  now: number,
  locale: string,
  t: Translator,
): string {
  if (!device.pendingReportedAt) return t('hub.devices.pendingUnknown');
  const count = t.plural('hub.devices.pending', device.pendingOps);
  const ago = t('hub.devices.reportedAgo', { ago: relativeAge(device.pendingReportedAt, now, locale) });
  return `${count} · ${ago}`;
}

/** Active devices first (newest enrollment first), then revoked ones. */
export function sortDevices<T extends Pick<HubDeviceView, 'revokedAt' | 'enrolledAt'>>(devices: T[]): T[] {
  return [...devices].sort((a, b) => {
    const byState = Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt));
    return byState !== 0 ? byState : b.enrolledAt.localeCompare(a.enrolledAt);
  });
}

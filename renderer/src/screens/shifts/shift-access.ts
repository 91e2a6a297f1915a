/**
 * Who may do what with a shift, as the API decides (shifts.routes.ts, `assertSameRegister` in
 * shifts.commands.ts): anyone who sells reads and closes the shift of the register they stand at;
 * OWNER and ADMIN (`reports.view`) any register's, one left open elsewhere too. Support mode reads
 * and changes nothing.
 */
import { can, type ShiftView } from '../../contract';
import type { Viewer } from '../../nav';

type ShiftViewer = Pick<Viewer, 'role' | 'supportMode'>;

/**
 * Whether `viewer` may close a shift of `shiftDevice`, at the register `thisDevice` (null while not
 * known: then the API, which refuses another register's shift, decides).
 */
export function canCloseShift(viewer: ShiftViewer, shiftDevice: string, thisDevice: string | null): boolean {
  if (viewer.supportMode || !can(viewer.role, 'sales.record')) return false;
  return can(viewer.role, 'reports.view') || thisDevice === null || shiftDevice === thisDevice;
}

/** A shift of another register than this one (known only once this register is). */
export function isOtherRegister(shiftDevice: string, thisDevice: string | null): boolean {
  return thisDevice !== null && shiftDevice !== thisDevice;
}

/**
 * Where a row of the shifts history leads: a closed shift to its Z report; an open one to its count
 * form for whoever may close it; otherwise nowhere.
 */
export function shiftRowLink(
  viewer: ShiftViewer,
  shift: Pick<ShiftView, 'id' | 'status' | 'deviceId'>,
  thisDevice: string | null,
): { to: string; action: 'report' | 'close' } | null {
  const to = `/shifts/${encodeURIComponent(shift.id)}/close`;
  if (shift.status === 'closed') return { to, action: 'report' };
  return canCloseShift(viewer, shift.deviceId, thisDevice) ? { to, action: 'close' } : null;
}

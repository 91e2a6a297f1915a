import { type Action, can, type SessionInfo } from './contract';
import type { MessageKey } from './i18n';

export const AREAS = [
  'dashboard',
  'sales',
  'catalog',
  'stock',
  'purchasing',
  'bookings',
  'billing',
  'users',
  'audit',
  'settings',
  'platform',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_PATHS: Record<Area, string> = {
  dashboard: '/',
  sales: '/sales',
  catalog: '/catalog',
  stock: '/stock',
  purchasing: '/purchase-orders',
  bookings: '/bookings',
  billing: '/billing',
  users: '/users',
  audit: '/audit',
  settings: '/settings',
  platform: '/platform',
};

export const AREA_LABELS: Record<Area, MessageKey> = {
  dashboard: 'nav.dashboard',
  sales: 'nav.sales',
  catalog: 'nav.catalog',
  stock: 'nav.stock',
  purchasing: 'nav.purchasing',
  bookings: 'nav.bookings',
  billing: 'nav.billing',
  users: 'nav.users',
  audit: 'nav.audit',
  settings: 'nav.settings',
  platform: 'nav.platform',
};

/** The permission an area needs; areas not listed are open to every member of the business. */
const AREA_ACTIONS: Partial<Record<Area, Action>> = {
  users: 'users.manage',
  billing: 'business.manage',
  audit: 'audit.read',
  purchasing: 'catalog.manage',
};

/** What decides visibility: the effective role, whether a business is open, and the platform flags. */
export type Viewer = Pick<SessionInfo, 'role' | 'isSuperadmin' | 'supportMode'> & { tenant: unknown };

/** Reading what `action` guards: support mode reads everything in the business (and changes nothing). */
export function canRead(viewer: Pick<Viewer, 'role' | 'supportMode'>, action: Action): boolean {
  return viewer.supportMode || can(viewer.role, action);
}

/** The one place that decides which areas a viewer sees; routes and the navigation both use it. */
export function canSeeArea(viewer: Viewer, area: Area): boolean {
  if (area === 'platform') {
    // The platform API refuses a super-admin while they are inside a business in support mode.
    const platformRole = viewer.isSuperadmin ? 'SUPERADMIN' : viewer.role;
    return !viewer.supportMode && can(platformRole, 'platform.tenants.manage');
  }
  // On the platform console no business is open, so there is nothing else to show.
  if (viewer.tenant === null) return false;
  const action = AREA_ACTIONS[area];
  return action === undefined || canRead(viewer, action);
}

export function visibleAreas(viewer: Viewer): Area[] {
  return AREAS.filter((area) => canSeeArea(viewer, area));
}

/** Changing the business's details (PATCH /api/tenant) and exporting its data. */
export function canEditBusiness(role: SessionInfo['role']): boolean {
  return can(role, 'business.manage');
}

export function canManageUsers(role: SessionInfo['role']): boolean {
  return can(role, 'users.manage');
}

export type SessionBanner = 'support' | 'suspended' | 'cancelled';

/** Why this business cannot be changed right now, if it cannot; shown as a persistent banner. */
export function sessionBanner(session: Pick<SessionInfo, 'tenant' | 'supportMode'>): SessionBanner | null {
  if (session.supportMode) return 'support';
  if (session.tenant?.status === 'suspended') return 'suspended';
  if (session.tenant?.status === 'cancelled') return 'cancelled';
  return null;
}

import type { Role } from './contract';
import type { MessageKey } from './i18n';

export const AREAS = [
  'dashboard',
  'sales',
  'catalog',
  'stock',
  'bookings',
  'billing',
  'users',
  'audit',
  'settings',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_PATHS: Record<Area, string> = {
  dashboard: '/',
  sales: '/sales',
  catalog: '/catalog',
  stock: '/stock',
  bookings: '/bookings',
  billing: '/billing',
  users: '/users',
  audit: '/audit',
  settings: '/settings',
};

export const AREA_LABELS: Record<Area, MessageKey> = {
  dashboard: 'nav.dashboard',
  sales: 'nav.sales',
  catalog: 'nav.catalog',
  stock: 'nav.stock',
  bookings: 'nav.bookings',
  billing: 'nav.billing',
  users: 'nav.users',
  audit: 'nav.audit',
  settings: 'nav.settings',
};

/** The one place that decides which areas a role sees; routes and the navigation both use it. */
const HIDDEN_AREAS: Record<Role, readonly Area[]> = {
  SUPERADMIN: [],
  OWNER: [],
  ADMIN: [],
  STAFF: ['billing', 'users', 'audit'],
};

export function canSeeArea(role: Role, area: Area): boolean {
  return !HIDDEN_AREAS[role].includes(area);
}

export function visibleAreas(role: Role): Area[] {
  return AREAS.filter((area) => canSeeArea(role, area));
}

/** Changing the business's details (PATCH /api/tenant) is the owner's call. */
export function canEditBusiness(role: Role): boolean {
  return role === 'OWNER';
}

export function canVerifyAudit(role: Role): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}

/**
 * Who may do what: the one permission table. Commands name an action, the
 * API refuses what the role lacks (403 forbidden), and the UI hides it.
 */
import type { Role } from './index.js';

export const TENANT_ROLES = ['OWNER', 'ADMIN', 'STAFF'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

const ALL: readonly TenantRole[] = ['OWNER', 'ADMIN', 'STAFF'];
const MANAGERS: readonly TenantRole[] = ['OWNER', 'ADMIN'];
const OWNER: readonly TenantRole[] = ['OWNER'];

export const PERMISSIONS = {
  /** invite users, change roles, remove users, deactivate */
  'users.manage': OWNER,
  /** products, suppliers, purchasing */
  'catalog.manage': MANAGERS,
  /** record sales, open/close own shift */
  'sales.record': ALL,
  /** balances and reports */
  'reports.view': MANAGERS,
  'invoices.manage': MANAGERS,
  'quotes.create': ALL,
  'quotes.convert': MANAGERS,
  /** create and check in bookings */
  'bookings.manage': ALL,
  /** resources and memberships */
  'resources.manage': MANAGERS,
  /** billing, plan, business settings, export */
  'business.manage': OWNER,
  'audit.read': MANAGERS,
  /** Settings → Sync: dead letters (retry), conflicts inbox, "sync now"; enrolling needs business.manage */
  'sync.manage': MANAGERS,
  /** every signed-in member: own PIN, own sessions, own password */
  'self.manage': ALL,
} as const satisfies Record<string, readonly TenantRole[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Platform actions belong to SUPERADMIN alone, whatever their tenant role. */
export const PLATFORM_ACTIONS = ['platform.tenants.manage'] as const;
export type PlatformAction = (typeof PLATFORM_ACTIONS)[number];

export function can(role: Role, action: Action | PlatformAction): boolean {
  if (action === 'platform.tenants.manage') return role === 'SUPERADMIN';
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function rolesFor(action: Action): readonly TenantRole[] {
  return PERMISSIONS[action];
}

const RANK: Record<Role, number> = { STAFF: 1, ADMIN: 2, OWNER: 3, SUPERADMIN: 4 };

/** An inviter may grant their own role or a lower one, never a higher one. */
export function canGrant(inviter: Role, granted: Role): boolean {
  return RANK[granted] <= RANK[inviter];
}

/** HTTP shapes for identity: users, invitations, PINs, sessions, tenants and the platform console. */
import { z } from 'zod';
import type { Business, Role } from './index.js';
import { TENANT_ROLES, type TenantRole } from './permissions.js';
import { email } from './primitives.js';

/** At least 10 characters and not on the common-password list (checked server-side: `password-too-common`). */
export const newPassword = z.string().min(10, { message: 'password-too-short' }).max(256);
export const pin = z.string().regex(/^\d{4,6}$/, { message: 'pin-format' });
const reason = z.string().trim().min(3, { message: 'reason-required' }).max(500);
const tenantRole = z.enum(TENANT_ROLES);

export interface MembershipSummary {
  tenantId: string;
  tenantName: string;
  role: Role;
  status: Business['status'];
}

/** A member of the current business, as the Users screen shows it. */
export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: TenantRole;
  status: 'active' | 'deactivated';
  hasPin: boolean;
  joinedAt: string;
}

export const inviteRequest = z.object({ email, role: tenantRole });
export type InviteRequest = z.infer<typeof inviteRequest>;

export interface InvitationView {
  id: string;
  email: string;
  role: TenantRole;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** GET /api/invitations/accept/:token — public, shows what the link is for. */
export interface InvitationPreview {
  email: string;
  businessName: string;
  role: TenantRole;
  expiresAt: string;
  /** The email already has an account: accepting asks for its password instead of a new one. */
  existingAccount: boolean;
}

export const acceptInvitationRequest = z.object({
  token: z.string().min(20).max(200),
  name: z.string().trim().min(1).max(120),
  password: newPassword,
});
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequest>;

export const changeRoleRequest = z.object({ role: tenantRole });
export const setPinRequest = z.object({ pin, currentPassword: z.string().min(1).max(256) });
export const pinSwitchRequest = z.object({ pin });
export const switchTenantRequest = z.object({ tenantId: z.string().min(1).max(64) });
/** POST /api/session/kiosk/leave: a staff PIN of the business, or the signed-in account's password. */
export const kioskLeaveRequest = z.object({ secret: z.string().min(1).max(256) });

export const changePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword,
});
export const passwordResetRequest = z.object({ email });
export const passwordResetCompleteRequest = z.object({
  token: z.string().min(20).max(200),
  password: newPassword,
});

export interface SessionView {
  id: string;
  current: boolean;
  deviceId: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** About 200 KB of image once base64-encoded. */
export const MAX_LOGO_CHARS = 270_000;

export const tenantDetailsUpdate = z.object({
  legalName: z.string().trim().max(200).nullable().optional(),
  taxId: z.string().trim().max(40).nullable().optional(),
  address: z.string().trim().max(500).nullable().optional(),
  /** A small raster image as a data URL (SVG is refused: it can carry scripts). */
  logo: z
    .string()
    .max(MAX_LOGO_CHARS, { message: 'logo-too-large' })
    .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/, { message: 'logo-format' })
    .nullable()
    .optional(),
});

export const TENANT_STATUS_ACTIONS = ['activate', 'suspend', 'reactivate', 'cancel'] as const;
export type TenantStatusAction = (typeof TENANT_STATUS_ACTIONS)[number];
export const tenantStatusRequest = z.object({ action: z.enum(TENANT_STATUS_ACTIONS), reason });

export const PLANS = ['free', 'starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
export const tenantPlanRequest = z.object({ plan: z.enum(PLANS), reason });

export const platformTenantQuery = z.object({
  q: z.string().trim().max(120).optional(),
  status: z.enum(['trial', 'active', 'past_due', 'suspended', 'cancelled']).optional(),
  plan: z.enum(PLANS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export interface PlatformTenantRow {
  id: string;
  name: string;
  status: Business['status'];
  plan: Plan;
  users: number;
  devices: number;
  createdAt: string;
}

/** A page of the platform's businesses, in name order; `total` counts every one the filters match. */
export interface PlatformTenantPage {
  tenants: PlatformTenantRow[];
  total: number;
}

export const auditQuery = z.object({
  actorId: z.string().max(64).optional(),
  command: z.string().max(120).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque cursor from the previous page. */
  before: z.string().max(200).optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;

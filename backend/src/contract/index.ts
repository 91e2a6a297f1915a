/**
 * HTTP contract shared by the backend and the renderer. Only zod and plain
 * types live here: the renderer imports this folder and nothing else of backend/.
 */
import { z } from 'zod';
import type { MembershipSummary, Plan } from './identity.js';

export * from './bookings.js';
export * from './catalog.js';
export * from './customers.js';
export * from './identity.js';
export * from './invoicing.js';
export * from './members.js';
export * from './permissions.js';
export * from './pos.js';
export { email } from './primitives.js';
export * from './purchasing.js';
export * from './quantities.js';
export * from './shifts.js';
export * from './stock.js';
export * from './sync.js';

import { email } from './primitives.js';
import type { SyncLastError } from './sync.js';

export const ROLES = ['SUPERADMIN', 'OWNER', 'ADMIN', 'STAFF'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['es-ES', 'es-MX', 'es-AR', 'es-CO', 'es-CL', 'es-US', 'en-US', 'en-GB'] as const;
export const UI_LANGUAGES = ['es', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => Intl.supportedValuesOf('currency').includes(c), { message: 'unknown-currency' });

/** Any IANA zone the runtime's Intl accepts: browser and Node lists differ (Asia/Kolkata vs Asia/Calcutta). */
const timeZone = z.string().trim().min(1).refine(isKnownTimeZone, { message: 'unknown-time-zone' });

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const locale = z.enum(LOCALES);

export const businessFields = z.object({
  name: z.string().trim().min(1).max(120),
  currency,
  timeZone,
  locale,
});
export type BusinessFields = z.infer<typeof businessFields>;

/** Length limits only; the identity issue adds the common-password list. */
export const password = z.string().min(10, { message: 'password-too-short' }).max(256);

export const setupRequest = z.object({
  business: businessFields,
  owner: z.object({
    name: z.string().trim().min(1).max(120),
    email,
    password,
  }),
});
export type SetupRequest = z.infer<typeof setupRequest>;

export const loginRequest = z.object({ email, password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof loginRequest>;

export const businessUpdateRequest = businessFields.partial();
export type BusinessUpdateRequest = z.infer<typeof businessUpdateRequest>;

export interface Business extends BusinessFields {
  id: string;
  status: 'trial' | 'active' | 'past_due' | 'suspended' | 'cancelled';
  /** Why the platform last changed the status (suspension, cancellation). */
  statusReason: string | null;
  plan: Plan;
  legalName: string | null;
  taxId: string | null;
  address: string | null;
  /** Data URL of the business's logo, shown on receipts and in the header. */
  logo: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/tenant: the business, and whether its currency is fixed (an amount is recorded in it). */
export interface BusinessDetail extends Business {
  currencyLocked: boolean;
}

export interface SessionInfo {
  /** The account signed in on this device. */
  user: { id: string; name: string; email: string };
  /** null for a super-admin on the platform console. */
  tenant: Business | null;
  /** Effective role: the PIN user's when one is acting, SUPERADMIN in support mode. */
  role: Role;
  memberships: MembershipSummary[];
  /** The staff member who switched in by PIN at this shared counter. */
  actingUser: { id: string; name: string; role: Role } | null;
  supportMode: boolean;
  isSuperadmin: boolean;
  /** The console is the members' check-in kiosk until a staff PIN or password ends it. */
  kioskMode: boolean;
}

export interface SetupStatus {
  needsSetup: boolean;
}

export interface SyncStatus {
  /**
   * 'local-only' until the device is enrolled with a hub. Enrolled:
   * 'synced' only when nothing is pending or in flight and the hub answered;
   * 'syncing' while a push or pull is in flight; 'pending' when ops wait and
   * the hub is reachable; 'offline' when the hub cannot be reached; 'error'
   * when the hub answered with a failure (lastError says what, retried by the
   * next round) or changes are stuck (deadLetters > 0; with lastError null that
   * is all: they wait for someone's Retry, nothing retries them); 'revoked'
   * when the hub revoked this device; 'too-old' when the hub needs a newer
   * console (local work goes on in both).
   */
  state: 'local-only' | 'synced' | 'syncing' | 'pending' | 'offline' | 'error' | 'revoked' | 'too-old';
  pendingOps: number;
  oldestPendingAt: string | null;
  /** Enrolled only (null while local-only). */
  hubUrl: string | null;
  deviceName: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  /** The last failure: a stable code to translate, the raw words as a detail; cleared by the next success. */
  lastError: SyncLastError | null;
  /** Ops that kept failing (or that the hub quarantined): listed with a retry action. */
  deadLetters: number;
  /** Hub refusals to review: every change it refused (bookings and others), oversell exceptions. */
  conflicts: number;
}

export interface AuditEntryView {
  id: string;
  deviceId: string;
  seq: number;
  actorId: string | null;
  actorName: string | null;
  command: string;
  entityType: string;
  entityId: string;
  summary: { before: unknown; after: unknown };
  createdAt: string;
}

/** `entries`: how many entries were verified (for a broken chain, possibly not all of them). */
export type AuditVerifyResult =
  | { intact: true; entries: number }
  | {
      intact: false;
      entries: number;
      /** The entry named (for a lost tail, the chain's last remaining one; '' when none is left). */
      brokenEntryId: string;
      deviceId: string;
      seq: number;
      reason: string;
      /** The device's newest entries are gone: its chain ends at `lastSeq` but had reached `headSeq`. */
      tail?: { lastSeq: number; headSeq: number };
    };

export interface HealthResponse {
  status: 'ok';
  mode: 'local' | 'hub';
  version: string;
}

/** RFC 9457 problem details, as every error from the API is shaped. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  field?: string;
  errors?: { field: string; code: string; message: string }[];
  requestId?: string;
}

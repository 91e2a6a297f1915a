/**
 * HTTP contract shared by the backend and the renderer. Only zod and plain
 * types live here: the renderer imports this folder and nothing else of backend/.
 */
import { z } from 'zod';

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

export const email = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
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
  createdAt: string;
  updatedAt: string;
}

export interface SessionInfo {
  user: { id: string; name: string; email: string };
  tenant: Business;
  role: Role;
}

export interface SetupStatus {
  needsSetup: boolean;
}

export interface SyncStatus {
  /** 'local-only' until the device is enrolled with a hub. */
  state: 'local-only' | 'synced' | 'pending' | 'offline' | 'error';
  pendingOps: number;
  oldestPendingAt: string | null;
}

export interface AuditEntryView {
  id: string;
  deviceId: string;
  seq: number;
  actorId: string | null;
  command: string;
  entityType: string;
  entityId: string;
  summary: { before: unknown; after: unknown };
  createdAt: string;
}

export type AuditVerifyResult =
  | { intact: true; entries: number }
  | { intact: false; entries: number; brokenEntryId: string; deviceId: string; seq: number; reason: string };

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

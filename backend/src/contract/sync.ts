/** HTTP contract of the hub's device endpoints (enrollment, devices, pull). */
import { z } from 'zod';

export interface EnrollmentCodeView {
  /** Shown once to the OWNER, typed into the console's Settings → Sync; only its hash is stored. */
  code: string;
  expiresAt: string;
}

export const enrollRequest = z.object({
  code: z.string().trim().min(1).max(64),
  /** The console's own device id (its ops and document series carry it). */
  deviceId: z.uuid(),
  name: z.string().trim().min(1).max(80),
  appVersion: z.string().trim().min(1).max(40),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

export interface EnrollResponse {
  tenantId: string;
  deviceId: string;
  /** Bearer token for /sync/*; only its hash is stored on the hub. */
  token: string;
}

export interface HubDeviceView {
  id: string;
  name: string;
  appVersion: string;
  enrolledAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
}

export const pullQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export interface PullResponse {
  changes: { table: string; key: unknown[]; serverSeq: number; row: Record<string, unknown> | null }[];
  cursor: number;
  more: boolean;
}

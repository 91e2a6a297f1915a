import type { Generated } from 'kysely';

/** Row types of the hub's device tables (migration 0011); part of the one DB type in schema.ts. */
export interface EnrollmentCodesTable {
  id: string;
  tenant_id: string;
  code_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

export interface HubDevicesTable {
  id: string;
  tenant_id: string;
  name: string;
  app_version: string;
  token_hash: string;
  enrolled_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  /** Migration 0016: ops the device last said it had waiting to push (`x-mostrador-pending`), and when. */
  pending_ops: Generated<number>;
  pending_reported_at: Generated<string | null>;
}

/**
 * Hub only (migration 0013): a SUPER-ADMIN's one-time code that uploads a
 * console's offline-started business as a new tenant. `tenant_id` is the
 * business it created, null until used.
 */
export interface BusinessEnrollmentCodesTable {
  id: string;
  code_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
  tenant_id: string | null;
}

/** Console only (migration 0012): this install's enrollment with a hub, per local tenant. */
export interface SyncLinkTable {
  tenant_id: string;
  hub_url: string;
  device_name: string;
  enrolled_at: string;
  /** The hub's server_seq up to which pulled changes are applied (same transaction as the rows). */
  pull_cursor: number;
  last_push_at: string | null;
  last_pull_at: string | null;
  /** Last time the hub answered at all (any request). */
  last_contact_at: string | null;
  /** The last failure in plain words; cleared by the next success. */
  last_error: string | null;
  last_error_at: string | null;
  /** 1 when the hub refused this console's schema as too old: it keeps working locally. */
  too_old: number;
  /** Migration 0028: this console's version when the hub refused it; another version at start clears too_old. */
  too_old_version: Generated<string | null>;
  /** Set when the hub answered 401 device-revoked: sync stops, local work goes on. */
  revoked_at: string | null;
  /** Migration 0015: the hub's last signed entitlement, `{ payload, signature }` JSON (entitlement.ts). */
  entitlement: Generated<string | null>;
  /** The hub's Ed25519 public key (SPKI PEM), pinned at the first entitlement fetch. */
  hub_public_key: Generated<string | null>;
}

/** Hub only (migration 0015): the key pair signing entitlements, one row shared by every hub process. */
export interface HubSigningKeysTable {
  id: string;
  public_key: string;
  private_key: string;
  created_at: string;
}

export interface SyncTables {
  enrollment_codes: EnrollmentCodesTable;
  business_enrollment_codes: BusinessEnrollmentCodesTable;
  hub_devices: HubDevicesTable;
  sync_link: SyncLinkTable;
  hub_signing_keys: HubSigningKeysTable;
}

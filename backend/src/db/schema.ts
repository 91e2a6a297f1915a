/**
 * The one DB type for SQLite and Postgres. Timestamps are ISO-8601 UTC text
 * on both (Postgres timestamptz is parsed back to ISO text by the pool), JSON
 * columns are canonical JSON text, money is integer minor units.
 */
import type { Generated } from 'kysely';
import type { Role } from '../contract/index.js';

export interface TenantsTable {
  id: string;
  name: string;
  currency: string;
  locale: string;
  time_zone: string;
  status: 'trial' | 'active' | 'past_due' | 'suspended' | 'cancelled';
  status_reason: string | null;
  plan: Generated<'free' | 'starter' | 'pro' | 'enterprise'>;
  legal_name: string | null;
  tax_id: string | null;
  address: string | null;
  logo: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  status: 'active' | 'deactivated';
  /** Platform super-admin (0/1); tenant roles live in memberships. */
  is_superadmin: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: Exclude<Role, 'SUPERADMIN'>;
  /** 'deactivated' by the owner (sessions end at once); 'removed' from the business. */
  status: Generated<'active' | 'deactivated' | 'removed'>;
  /** HMAC of the staff PIN with the install's secret: unique per tenant, unusable without the secret. */
  pin_hmac: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** null for a super-admin on the platform console. */
  tenant_id: string | null;
  /** The PIN user currently acting at this shared counter, if any. */
  acting_user_id: string | null;
  /** 1 when a super-admin opened the tenant in read-only support mode. */
  support_mode: Generated<number>;
  device_id: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface InvitationsTable {
  id: string;
  tenant_id: string;
  email: string;
  role: Exclude<Role, 'SUPERADMIN'>;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DevicesTable {
  id: string;
  /** 'self' marks this install's own identity row. */
  kind: 'self' | 'remote';
  created_at: string;
}

export interface OpsTable {
  op_id: string;
  tenant_id: string;
  device_id: string;
  /** Gap-free per device over synced ops; null for local-only commands. */
  device_seq: number | null;
  command: string;
  input: string;
  schema_version: number;
  actor_id: string | null;
  created_at: string;
  result: string;
  /** 'local' never leaves the device; 'pending' is in the outbox; 'pushed' was acknowledged by the hub. */
  push_state: 'local' | 'pending' | 'pushed';
}

export interface AuditEntriesTable {
  id: string;
  tenant_id: string;
  device_id: string;
  /** Position in the (tenant, device) chain, from 1, gap-free. */
  seq: number;
  op_id: string;
  actor_id: string | null;
  command: string;
  entity_type: string;
  entity_id: string;
  summary: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface DB {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  devices: DevicesTable;
  ops: OpsTable;
  audit_entries: AuditEntriesTable;
}

export type { Generated };

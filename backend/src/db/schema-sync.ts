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
}

export interface SyncTables {
  enrollment_codes: EnrollmentCodesTable;
  hub_devices: HubDevicesTable;
}

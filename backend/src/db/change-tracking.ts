/**
 * Which tables reach other devices, and the hub's change log over them
 * (migration 0010). Every table with a `tenant_id` is listed exactly once:
 * in SYNCED_TABLES with its tenant column and primary key, or in
 * LOCAL_TABLES with the reason it stays on the install that wrote it. A
 * test fails when a new table is in neither, so a new domain cannot forget
 * sync.
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';

export interface SyncedTable {
  /** The column naming the row's tenant (`id` for the tenants table itself). */
  tenantColumn: string;
  primaryKey: readonly string[];
}

const byId: SyncedTable = { tenantColumn: 'tenant_id', primaryKey: ['id'] };
const keyed = (...primaryKey: string[]): SyncedTable => ({ tenantColumn: 'tenant_id', primaryKey });

export const SYNCED_TABLES: Readonly<Record<string, SyncedTable>> = {
  tenants: { tenantColumn: 'id', primaryKey: ['id'] },
  memberships: keyed('tenant_id', 'user_id'),
  audit_entries: byId,
  number_series: keyed('tenant_id', 'device_id', 'series'),
  device_tags: keyed('tenant_id', 'device_id'),
  // catalog, stock, purchasing
  categories: byId,
  suppliers: byId,
  products: byId,
  product_barcodes: keyed('tenant_id', 'barcode'),
  product_suppliers: keyed('product_id', 'supplier_id'),
  price_changes: byId,
  locations: byId,
  stock_movements: byId,
  stock_balances: keyed('tenant_id', 'product_id', 'location_id'),
  oversell_exceptions: byId,
  stock_counts: byId,
  stock_count_lines: keyed('count_id', 'product_id'),
  purchase_orders: byId,
  purchase_order_lines: byId,
  // point of sale, customers, invoicing
  pos_settings: keyed('tenant_id'),
  shifts: byId,
  shift_cash_movements: byId,
  shift_counts: keyed('shift_id', 'method'),
  sales: byId,
  sale_lines: byId,
  sale_payments: byId,
  refunds: byId,
  refund_lines: byId,
  refund_payments: byId,
  customers: byId,
  invoices: byId,
  invoice_lines: byId,
  invoice_taxes: keyed('invoice_id', 'rate_bp'),
  invoice_payments: byId,
  quotes: byId,
  quote_lines: byId,
  // coworking
  members: byId,
  membership_plans: byId,
  membership_plan_credits: keyed('plan_id', 'resource_type'),
  member_memberships: byId,
  member_credit_entries: byId,
  member_charges: byId,
  resources: byId,
  booking_settings: keyed('tenant_id'),
  booking_series: byId,
  bookings: byId,
};

export const LOCAL_TABLES: Readonly<Record<string, string>> = {
  ops: 'the outbox itself: ops are pushed, and the hub keeps its own record of applied ops',
  sessions: 'sign-ins belong to the install that made them',
  invitations: 'one-time tokens, redeemed on the install that emailed them',
  parked_carts: 'a held cart waits at the register that parked it',
  enrollment_codes: 'hub only: one-time codes, stored hashed',
  business_enrollment_codes: "hub only: a super-admin's one-time new-business codes, stored hashed",
  hub_devices: 'hub only: device tokens, stored hashed',
  sync_link: "console only: this install's enrollment with a hub and its pull cursor",
};

/**
 * Puts the change trigger on every synced table (Postgres only; idempotent).
 * Runs after migrations, so the trigger list always equals SYNCED_TABLES.
 */
// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
export async function ensureChangeTracking(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
    const args = sql.join([spec.tenantColumn, ...spec.primaryKey].map((c) => sql.lit(c)));
    await sql`create or replace trigger mostrador_track_change
      after insert or update or delete on ${sql.table(table)}
      for each row execute function mostrador_track_change(${args})`.execute(db);
  }
}

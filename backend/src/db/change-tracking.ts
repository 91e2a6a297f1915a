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
 * Puts the change triggers on every synced table (Postgres only; idempotent).
 * Runs after migrations, so the trigger list always equals SYNCED_TABLES.
 *
 * The triggers are per statement, with the statement's rows as a transition
 * table (docs/decisions.md "Change log written per statement"): one
 * set-based insert into `sync_rows` per statement, where migration 0010's
 * row trigger ran a PL/pgSQL call, an insert, a setting and a notification
 * per row. Numbers are as before: (transaction number << 20) + the row's
 * place in the transaction, a new transaction number taken when a block of
 * 2^20 - 1 places is used up (a statement of more rows takes several blocks
 * at once) or when the transaction turns to another business. One trigger
 * per event: Postgres refuses transition tables on a trigger of several.
 */
// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
export async function ensureChangeTracking(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
    create or replace function mostrador_track_changes() returns trigger language plpgsql as $$
    declare
      span constant bigint := 1048575;
      tenant_col text := tg_argv[0];
      key_cols text;
      group_rec record;
      last_used bigint;
      blocks bigint;
      last_pos bigint;
    begin
      select string_agg(format('%I', c), ', ') into key_cols from unnest(tg_argv[1:tg_nargs - 1]) as c;
      for group_rec in execute format(
        'select %I::text as tenant, count(*) as n from changed_rows where %I is not null group by 1 order by 1',
        tenant_col, tenant_col)
      loop
        if current_setting('mostrador.sync_tenant', true) is not distinct from group_rec.tenant then
          last_used := current_setting('mostrador.sync_next', true)::bigint;
        else
          last_used := null;
        end if;
        if last_used is null or (last_used & span) + group_rec.n > span then
          -- New blocks for this statement's rows: updating the counter row once per
          -- block (not per row) keeps its lock, held to commit, ordering transactions.
          blocks := (group_rec.n + span - 1) / span;
          insert into sync_tenant_seq as s (tenant_id, last_seq) values (group_rec.tenant, blocks)
            on conflict (tenant_id) do update set last_seq = s.last_seq + blocks
            returning (last_seq - blocks + 1) << 20 into last_used;
          perform set_config('mostrador.sync_tenant', group_rec.tenant, true);
        end if;
        execute format(
          'insert into sync_rows as r (tenant_id, table_name, row_key, server_seq, deleted)
           select $1, $2, k, (((($3 >> 20) + (pos - 1) / $4) << 20) + ((pos - 1) %% $4) + 1), $5
           from (select jsonb_build_array(%s)::text as k, ($3 & $4) + row_number() over () as pos
                 from changed_rows where %I::text = $1) as c
           on conflict (tenant_id, table_name, row_key)
           do update set server_seq = excluded.server_seq, deleted = excluded.deleted',
          key_cols, tenant_col)
          using group_rec.tenant, tg_table_name, last_used, span, tg_op = 'DELETE';
        last_pos := (last_used & span) + group_rec.n;
        perform set_config('mostrador.sync_next',
          ((((last_used >> 20) + (last_pos - 1) / span) << 20) + ((last_pos - 1) % span) + 1)::text, true);
        -- Delivered at commit, once per business per transaction (Postgres folds equal payloads).
        perform pg_notify('mostrador_changes', group_rec.tenant);
      end loop;
      return null;
    end $$`.execute(db);
  for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
    const args = sql.join([spec.tenantColumn, ...spec.primaryKey].map((c) => sql.lit(c)));
    const t = sql.table(table);
    // Migration 0010's row trigger, replaced by the three below.
    await sql`drop trigger if exists mostrador_track_change on ${t}`.execute(db);
    await sql`create or replace trigger mostrador_track_insert after insert on ${t}
      referencing new table as changed_rows
      for each statement execute function mostrador_track_changes(${args})`.execute(db);
    await sql`create or replace trigger mostrador_track_update after update on ${t}
      referencing new table as changed_rows
      for each statement execute function mostrador_track_changes(${args})`.execute(db);
    await sql`create or replace trigger mostrador_track_delete after delete on ${t}
      referencing old table as changed_rows
      for each statement execute function mostrador_track_changes(${args})`.execute(db);
  }
}

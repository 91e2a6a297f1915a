/**
 * Which tables reach other devices, and the hub's change log over them
 * (migration 0010). Every table with a `tenant_id` is listed exactly once:
 * in SYNCED_TABLES with its tenant column and primary key, or in
 * LOCAL_TABLES with the reason it stays on the install that wrote it. A
 * test fails when a new table is in neither, so a new domain cannot forget
 * sync.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';
import type { DB } from './schema.js';

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
  audit_chain_heads: 'the newest entry of each audit chain this install writes (verification)',
  sessions: 'sign-ins belong to the install that made them',
  invitations: 'one-time tokens, redeemed on the install that emailed them',
  parked_carts: 'a held cart waits at the register that parked it',
  member_pins: "a staff PIN is an HMAC keyed by this install's secret: it means nothing elsewhere",
  enrollment_codes: 'hub only: one-time codes, stored hashed',
  business_enrollment_codes: "hub only: a super-admin's one-time new-business codes, stored hashed",
  hub_devices: 'hub only: device tokens, stored hashed',
  sync_link: "console only: this install's enrollment with a hub and its pull cursor",
};

/** Places per transaction number: a row's number is (transaction number << 20) + place. */
const PLACES = 2 ** 20 - 1;

/** Transaction-local setting under which the change log is written per statement (see below). */
const PER_STATEMENT = 'mostrador.changes_per_statement';

/**
 * The statements that put the change triggers on every synced table
 * (Postgres only; idempotent). `ensurePostgresSetup` runs them after
 * migrations, so the trigger list always equals SYNCED_TABLES.
 * Two ways of writing the same change log (docs/decisions.md "Change log
 * written per statement"), chosen per transaction by `PER_STATEMENT`:
 *
 * - by default, migration 0010's row trigger: one PL/pgSQL call, insert and
 *   notification per row — cheapest for the one- and few-row statements of
 *   commands;
 * - inside `changesPerStatement` (a pushed run of sales written as sets),
 *   three statement-level triggers per table (insert, update, delete:
 *   Postgres refuses transition tables on a trigger of several events) that
 *   read the statement's rows from the transition table `changed_rows` and
 *   log them with one set-based insert. The row trigger's WHEN skips them.
 *
 * Numbers are the same either way: (transaction number << 20) + the row's
 * place in the transaction, a new transaction number taken when the 2^20 - 1
 * places of the current one are used up (a statement that does not fit
 * starts a new one; one of more rows takes several at once) or when the
 * transaction turns to another business. Both read and write the running
 * number in the same transaction-local settings.
 */
export function changeTrackingStatements(): RawBuilder<unknown>[] {
  const perStatement = sql`current_setting(${sql.lit(PER_STATEMENT)}, true) = 'on'`;
  const statements: RawBuilder<unknown>[] = [];
  for (const [table, spec] of Object.entries(SYNCED_TABLES)) {
    const t = sql.table(table);
    const fn = sql.id(`mostrador_track_${table}`);
    const args = sql.join([spec.tenantColumn, ...spec.primaryKey].map((c) => sql.lit(c)));
    statements.push(
      sql`create or replace function ${fn}() returns trigger language plpgsql as ${sql.lit(trackingFunctionBody(spec))}`,
    );
    statements.push(sql`create or replace trigger mostrador_track_change
      after insert or update or delete on ${t}
      for each row when (${perStatement} is not true)
      execute function mostrador_track_change(${args})`);
    for (const [event, transition] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      statements.push(sql`create or replace trigger ${sql.id(`mostrador_track_${event}`)} after ${sql.raw(event)} on ${t}
        referencing ${sql.raw(transition)} table as changed_rows
        for each statement when (${perStatement})
        execute function ${fn}()`);
    }
  }
  // A generic per-statement function an earlier build of this change installed; unused.
  statements.push(sql`drop function if exists mostrador_track_changes()`);
  return statements;
}

/**
 * Runs `fn` with the change log written per statement (Postgres; on SQLite
 * it just runs `fn`). For work that writes many rows per statement, inside a
 * transaction. If `fn` throws, the setting stays until the caller rolls back
 * to a savepoint taken before (as the push does) or ends the transaction.
 */
export async function changesPerStatement<T>(tx: Kysely<DB>, fn: () => Promise<T>): Promise<T> {
  if (!isPostgres(tx as unknown as Kysely<unknown>)) return fn();
  await sql`select set_config(${PER_STATEMENT}, 'on', true)`.execute(tx);
  const result = await fn();
  await sql`select set_config(${PER_STATEMENT}, 'off', true)`.execute(tx);
  return result;
}

/**
 * The body of one table's change function. Static SQL with the table's own
 * columns (not one generic function building statements at run time), so
 * PL/pgSQL plans each statement once per connection: a generic function's
 * EXECUTE was planned on every call, ~0.3 ms a statement.
 */
export function trackingFunctionBody(
  spec: { tenantColumn: string; primaryKey: readonly string[] },
  /** Places per transaction number: 2^20 - 1; a test passes a smaller 2^k - 1 to reach the edges. */
  span = PLACES,
): string {
  if (!Number.isInteger(Math.log2(span + 1)) || span > PLACES)
    throw new Error(`span must be 2^k - 1 ≤ ${PLACES}`);
  const id = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const tenant = `c.${id(spec.tenantColumn)}`;
  const key = spec.primaryKey.map((column) => `c.${id(column)}`).join(', ');
  return `
    declare
      span constant bigint := ${span};
      group_rec record;
      last_used bigint;
      blocks bigint;
      last_pos bigint;
    begin
      for group_rec in
        select ${tenant}::text as tenant, count(*) as n from changed_rows c
        where ${tenant} is not null group by 1 order by 1
      loop
        if current_setting('mostrador.sync_tenant', true) is not distinct from group_rec.tenant then
          last_used := current_setting('mostrador.sync_next', true)::bigint;
        else
          last_used := null;
        end if;
        if last_used is null or (last_used & span) + group_rec.n > span then
          -- New numbers for this statement's rows: updating the counter row once per
          -- number (not per row) keeps its lock, held to commit, ordering transactions.
          blocks := (group_rec.n + span - 1) / span;
          insert into sync_tenant_seq as s (tenant_id, last_seq) values (group_rec.tenant, blocks)
            on conflict (tenant_id) do update set last_seq = s.last_seq + blocks
            returning (last_seq - blocks + 1) << 20 into last_used;
          perform set_config('mostrador.sync_tenant', group_rec.tenant, true);
        end if;
        insert into sync_rows as r (tenant_id, table_name, row_key, server_seq, deleted)
          select group_rec.tenant, tg_table_name, x.k,
            ((((last_used >> 20) + (x.pos - 1) / span) << 20) + ((x.pos - 1) % span) + 1), tg_op = 'DELETE'
          from (select jsonb_build_array(${key})::text as k, (last_used & span) + row_number() over () as pos
                from changed_rows c where ${tenant}::text = group_rec.tenant) as x
          on conflict (tenant_id, table_name, row_key)
          do update set server_seq = excluded.server_seq, deleted = excluded.deleted;
        last_pos := (last_used & span) + group_rec.n;
        perform set_config('mostrador.sync_next',
          ((((last_used >> 20) + (last_pos - 1) / span) << 20) + ((last_pos - 1) % span) + 1)::text, true);
        -- Delivered at commit, once per business per transaction (Postgres folds equal payloads).
        perform pg_notify('mostrador_changes', group_rec.tenant);
      end loop;
      return null;
    end`;
}

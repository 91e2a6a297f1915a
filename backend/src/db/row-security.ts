/**
 * Row-level security on the hub (issue #7, ARCHITECTURE §5 "Security"): the
 * second wall behind the tenant filter every query already has.
 *
 * Every table with a tenant column gets a policy that only lets the role
 * `mostrador_tenant` see and write rows of the tenant named by the
 * transaction-local setting `mostrador.tenant_id`. A tenant's transactions —
 * every command (pipeline.ts), every pushed batch (push.ts), every pull page
 * (change-log.ts) — start with `enterTenant`, which switches to that role and
 * names the tenant for the rest of the transaction only (SET LOCAL
 * semantics). A query in it that forgets `where tenant_id = …` sees nothing
 * of other tenants, and a row written for another tenant is refused.
 *
 * The connection's own role keeps the owner's rights for what is legitimately
 * cross-tenant: migrations, sign-in and device-token lookups, platform
 * (super-admin) commands and first-run. Postgres only; SQLite holds one
 * install's data and has no roles.
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';

export const TENANT_ROLE = 'mostrador_tenant';
export const TENANT_SETTING = 'mostrador.tenant_id';

/** Puts the role, its grants and a policy on every tenant table (idempotent; runs after migrations). */
// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
export async function ensureRowLevelSecurity(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`do $$ begin
      if not exists (select 1 from pg_roles where rolname = ${sql.lit(TENANT_ROLE)}) then
        create role ${sql.raw(TENANT_ROLE)} nologin;
      end if;
    end $$`.execute(db);
  // A connecting role that is not a superuser must be a member to switch to it.
  await sql`do $$ begin
      if not exists (select 1 from pg_roles where rolname = current_user and rolsuper) then
        execute format('grant %I to %I', ${sql.lit(TENANT_ROLE)}, current_user);
      end if;
    end $$`.execute(db);
  // A device's op numbers span every business it writes for (the hub's own device does), so the
  // next one is counted with the owner's rights, inside the op's own insert as on SQLite.
  await sql`create or replace function mostrador_next_device_seq(device text) returns bigint
    language sql stable security definer set search_path = public as
    $$ select coalesce(max(device_seq), 0) + 1 from ops where device_id = device $$`.execute(db);
  await sql`grant usage on schema public to ${sql.raw(TENANT_ROLE)}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${sql.raw(TENANT_ROLE)}`.execute(
    db,
  );
  await sql`grant usage, select, update on all sequences in schema public to ${sql.raw(TENANT_ROLE)}`.execute(
    db,
  );
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and (c.column_name = 'tenant_id' or (c.table_name = 'tenants' and c.column_name = 'id'))
    order by c.table_name`.execute(db);
  for (const { table_name: table, column_name: column } of rows) {
    const predicate = sql`${sql.ref(column)} = current_setting(${sql.lit(TENANT_SETTING)}, true)`;
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`drop policy if exists tenant_isolation on ${sql.table(table)}`.execute(db);
    await sql`create policy tenant_isolation on ${sql.table(table)} to ${sql.raw(TENANT_ROLE)}
      using (${predicate}) with check (${predicate})`.execute(db);
  }
}

/**
 * Makes the rest of this transaction act for one tenant only (Postgres; a
 * no-op on SQLite). One round trip: both settings are transaction-local.
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any transaction of either schema
export async function enterTenant(tx: Kysely<any>, tenantId: string): Promise<void> {
  if (!isPostgres(tx)) return;
  await sql`select set_config('role', ${TENANT_ROLE}, true), set_config(${TENANT_SETTING}, ${tenantId}, true)`.execute(
    tx,
  );
}

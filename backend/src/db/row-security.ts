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
 *
 * Accounts (`users`, no tenant column) get their own rules: see
 * `accountStatements`.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';

export const TENANT_ROLE = 'mostrador_tenant';
export const TENANT_SETTING = 'mostrador.tenant_id';

/**
 * The statements that put the role, its grants and a policy on every tenant
 * table (idempotent; `ensurePostgresSetup` runs them after migrations, in one
 * transaction, so no other session ever sees a table between its old policy's
 * drop and its new one's creation — a window in which every tenant query on
 * it would be refused).
 */
// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
export async function rowSecurityStatements(db: Kysely<any>): Promise<RawBuilder<unknown>[]> {
  const statements: RawBuilder<unknown>[] = [
    // The role is the cluster's, shared by every database on it: another database's set-up may
    // create it at the same moment, and then this one finds it made.
    sql`do $$ begin
      if not exists (select 1 from pg_roles where rolname = ${sql.lit(TENANT_ROLE)}) then
        begin
          create role ${sql.raw(TENANT_ROLE)} nologin;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
    end $$`,
    // A connecting role that is not a superuser must be a member to switch to it.
    sql`do $$ begin
      if not exists (select 1 from pg_roles where rolname = current_user and rolsuper) then
        execute format('grant %I to %I', ${sql.lit(TENANT_ROLE)}, current_user);
      end if;
    end $$`,
    // A device's op numbers span every business it writes for (the hub's own device does), so the
    // next one is counted with the owner's rights, inside the op's own insert as on SQLite.
    sql`create or replace function mostrador_next_device_seq(device text) returns bigint
    language sql stable security definer set search_path = public as
    $$ select coalesce(max(device_seq), 0) + 1 from ops where device_id = device $$`,
    sql`grant usage on schema public to ${sql.raw(TENANT_ROLE)}`,
    sql`grant select, insert, update, delete on all tables in schema public to ${sql.raw(TENANT_ROLE)}`,
    sql`grant usage, select, update on all sequences in schema public to ${sql.raw(TENANT_ROLE)}`,
    // Hub-internal tables without a tenant column (so no policy narrows them): the tenant role,
    // which a business's transactions run as, has no business reading the hub's private key or
    // the set-up's own record (ensurePostgresSetup creates it before these statements run).
    sql`revoke all on hub_signing_keys, mostrador_setup from ${sql.raw(TENANT_ROLE)}`,
    ...(await accountStatements(db)),
  ];
  for (const { table_name: table, column_name: column } of await tenantTables(db)) {
    const predicate = sql`${sql.ref(column)} = current_setting(${sql.lit(TENANT_SETTING)}, true)`;
    statements.push(sql`alter table ${sql.table(table)} enable row level security`);
    statements.push(sql`drop policy if exists tenant_isolation on ${sql.table(table)}`);
    statements.push(sql`create policy tenant_isolation on ${sql.table(table)} to ${sql.raw(TENANT_ROLE)}
      using (${predicate}) with check (${predicate})`);
  }
  return statements;
}

/**
 * `users` holds every business's accounts and has no tenant column, so the
 * blanket grant above would let a tenant's transaction read any account,
 * password hash included. Under the tenant role:
 * - `password_hash` cannot be read (every other column can): the flows that
 *   need a hash (sign-in, password change and reset, invitation acceptance's
 *   password check, GET /sync/accounts, an upload's enrollment) run with the
 *   connection's own role, outside `enterTenant`;
 * - an account is visible only while it has a membership (any status: a
 *   removed member's name stays on old receipts) in the current business;
 * - a new account, and a membership of an existing one, can be inserted only
 *   for an open invitation of the current business (invitation acceptance
 *   creates the account before its membership), and no
 *   account can be updated or deleted (nothing in a tenant's transaction
 *   does; another business's owner must never set a shared account's password);
 * - `mostrador_account_id(email)` answers which account, if any, has an email
 *   (the id only): accepting an invitation must know whether the invited email
 *   already has an account, whatever businesses it belongs to.
 */
// biome-ignore lint/suspicious/noExplicitAny: see rowSecurityStatements
async function accountStatements(db: Kysely<any>): Promise<RawBuilder<unknown>[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = 'users' and column_name <> 'password_hash'
    order by ordinal_position`.execute(db);
  const readable = sql.join(rows.map((r) => sql.ref(r.column_name)));
  const tenant = sql`current_setting(${sql.lit(TENANT_SETTING)}, true)`;
  const role = sql.raw(TENANT_ROLE);
  return [
    // Revoking the table's privilege revokes its columns' too: what stays is exactly the grant below.
    sql`revoke select, update, delete on users from ${role}`,
    sql`grant select (${readable}) on users to ${role}`,
    sql`alter table users enable row level security`,
    sql`drop policy if exists member_of_tenant on users`,
    sql`create policy member_of_tenant on users for select to ${role} using (exists (
      select 1 from memberships m where m.user_id = users.id and m.tenant_id = ${tenant}))`,
    sql`drop policy if exists invited_to_tenant on users`,
    sql`create policy invited_to_tenant on users for insert to ${role} with check (exists (
      select 1 from invitations i where i.tenant_id = ${tenant} and i.email = users.email
        and i.accepted_at is null and i.revoked_at is null))`,
    sql`create or replace function mostrador_account_id(account_email text) returns text
    language sql stable security definer set search_path = public as
    $$ select id from users where email = account_email $$`,
    // A membership is what shows an account to a business: one is written only for an account
    // invited to it (the account itself is not visible to the role until then, hence the definer).
    sql`create or replace function mostrador_invited_account(account text) returns boolean
    language sql stable security definer set search_path = public as
    $$ select exists (select 1 from users u join invitations i on i.email = u.email
      where u.id = account and i.tenant_id = current_setting(${sql.lit(TENANT_SETTING)}, true)
        and i.accepted_at is null and i.revoked_at is null) $$`,
    sql`drop policy if exists invited_member on memberships`,
    sql`create policy invited_member on memberships as restrictive for insert to ${role}
      with check (mostrador_invited_account(user_id))`,
  ];
}

/** Every table with a tenant column (and `tenants` by its id): each carries one policy. */
// biome-ignore lint/suspicious/noExplicitAny: see rowSecurityStatements
async function tenantTables(db: Kysely<any>) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and (c.column_name = 'tenant_id' or (c.table_name = 'tenants' and c.column_name = 'id'))
    order by c.table_name`.execute(db);
  return rows;
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

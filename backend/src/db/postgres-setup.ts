/**
 * The hub's Postgres-only set-up after migrations: the change-log triggers
 * (change-tracking.ts) and row-level security (row-security.ts).
 *
 * Every hub process runs it as it starts, and several may start together on
 * one Postgres (the hub is stateless; ARCHITECTURE §5) or restart while the
 * others serve. So it runs:
 * - in one transaction under an advisory lock: two processes starting
 *   together take turns (run side by side, `create or replace` on the same
 *   function fails with "tuple concurrently updated" and the process dies),
 *   and no other session ever sees a table between its old policy's drop and
 *   its new one's creation (every tenant query on it would be refused);
 * - only when something changed: the statements' fingerprint (with the
 *   schema's tables and sequences, which the grants cover) is kept in
 *   `mostrador_setup` with what the catalog showed after the install; a
 *   start that finds both unchanged changes nothing — no DDL, no table lock
 *   taken on tables the running hubs are writing.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';
import { changeTrackingStatements } from './change-tracking.js';
import { rowSecurityStatements, TENANT_ROLE } from './row-security.js';

const PART = 'triggers-and-policies';

/** Installs (or confirms) the change-log triggers and row-level security; Postgres only. Returns whether it changed anything. */
// biome-ignore lint/suspicious/noExplicitAny: runs right after migrations, outside the typed schema
export async function ensurePostgresSetup(db: Kysely<any>): Promise<boolean> {
  if (!isPostgres(db)) return false;
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('mostrador-postgres-setup'))`.execute(tx);
    await sql`create table if not exists mostrador_setup (
        part text primary key, fingerprint text not null, catalog text not null,
        installed_at timestamptz not null default now()
      )`.execute(tx);
    const statements = [...changeTrackingStatements(), ...(await rowSecurityStatements(tx))].map((s) =>
      s.compile(tx),
    );
    const relations = await sql<{ names: string | null }>`
      select string_agg(relname || ':' || relkind::text, ',' order by relname) as names from pg_class
      where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p', 'S')`.execute(tx);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([statements.map((s) => [s.sql, s.parameters]), relations.rows[0]?.names ?? '']))
      .digest('hex');
    const stored = await sql<{ fingerprint: string; catalog: string }>`
      select fingerprint, catalog from mostrador_setup where part = ${PART}`.execute(tx);
    const found = stored.rows[0];
    if (found?.fingerprint === fingerprint && found.catalog === (await catalogState(tx))) return false;
    for (const statement of statements) await tx.executeQuery(statement);
    const catalog = await catalogState(tx);
    await sql`insert into mostrador_setup (part, fingerprint, catalog) values (${PART}, ${fingerprint}, ${catalog})
      on conflict (part) do update set fingerprint = excluded.fingerprint, catalog = excluded.catalog,
        installed_at = now()`.execute(tx);
    return true;
  });
}

/**
 * What the set-up put in the catalog, as Postgres prints it back: the change
 * triggers and functions, row-level security per table and its policies, the
 * grants on tables and columns (the tenant role's narrower rights on
 * `users`), the tenant role. Kept with the fingerprint after an install; a start that finds
 * it otherwise (a trigger dropped or replaced by hand, a table recreated)
 * installs again.
 */
// biome-ignore lint/suspicious/noExplicitAny: see ensurePostgresSetup
async function catalogState(tx: Kysely<any>): Promise<string> {
  const { rows } = await sql<{
    triggers: string | null;
    functions: string | null;
    secured: string | null;
    policies: string | null;
    grants: string | null;
    roles: number;
  }>`
    select
      (select string_agg(c.relname || ' ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text, e'\n'
          order by c.relname, t.tgname)
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.relnamespace = current_schema()::regnamespace and not t.tgisinternal
          and t.tgname like 'mostrador%') as triggers,
      (select string_agg(p.proname || ' ' || md5(p.prosrc), e'\n' order by p.proname)
        from pg_proc p where p.pronamespace = current_schema()::regnamespace
          and p.proname like 'mostrador%') as functions,
      (select string_agg(relname, ',' order by relname) from pg_class
        where relnamespace = current_schema()::regnamespace and relrowsecurity) as secured,
      (select string_agg(tablename || ' ' || policyname || ' ' || roles::text || ' ' || coalesce(qual, '') || ' '
          || coalesce(with_check, ''), e'\n' order by tablename, policyname)
        from pg_policies where schemaname = current_schema()) as policies,
      (select string_agg(g.name || ' ' || g.acl, e'\n' order by g.name) from (
          select c.relname as name, coalesce(c.relacl::text, '') as acl from pg_class c
          where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p', 'S')
          union all
          select c.relname || '.' || a.attname, a.attacl::text from pg_attribute a join pg_class c on c.oid = a.attrelid
          where c.relnamespace = current_schema()::regnamespace and a.attnum > 0 and a.attacl is not null
        ) g) as grants,
      (select count(*)::int from pg_roles where rolname = ${TENANT_ROLE}) as roles`.execute(tx);
  return createHash('sha256')
    .update(JSON.stringify(rows[0] ?? null))
    .digest('hex');
}

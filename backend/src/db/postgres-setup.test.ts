import { type Kysely, sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshPostgresUrl } from '../../test/helpers.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './postgres.js';
import { ensurePostgresSetup } from './postgres-setup.js';
import { enterTenant } from './row-security.js';
import type { DB } from './schema.js';

/** Two connections to one new database: two hub processes on one Postgres. */
async function twoHubs(): Promise<[Kysely<DB>, Kysely<DB>]> {
  const url = await freshPostgresUrl();
  const a = openPostgres(url, 2);
  const b = openPostgres(url, 2);
  onTestFinished(async () => {
    await a.destroy();
    await b.destroy();
  });
  return [a, b];
}

const outcome = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'));

/** Makes the next start find its set-up out of date, as after an upgrade. */
const forget = (db: Kysely<DB>) => sql`delete from mostrador_setup`.execute(db);

const policyOid = async (db: Kysely<DB>, table: string) =>
  (
    await sql<{ oid: number }>`select p.oid from pg_policy p join pg_class c on c.oid = p.polrelid
      where c.relname = ${table} and p.polname = 'tenant_isolation'`.execute(db)
  ).rows[0]?.oid;

describe('the hub set-up after migrations (Postgres), run by every hub process as it starts', () => {
  it('two hub processes starting together on a new database both start, and again after an upgrade', async () => {
    const [a, b] = await twoHubs();
    expect(outcome(await Promise.allSettled([migrateToLatest(a), migrateToLatest(b)]))).toEqual([
      'started',
      'started',
    ]);
    for (let round = 0; round < 3; round++) {
      // Side by side, `create or replace` on the same function failed with "tuple concurrently updated".
      await forget(a);
      expect(outcome(await Promise.allSettled([migrateToLatest(a), migrateToLatest(b)]))).toEqual([
        'started',
        'started',
      ]);
    }
  }, 60_000);

  it('a start that finds everything in place changes nothing; a trigger or policy gone is put back', async () => {
    const [a] = await twoHubs();
    await migrateToLatest(a);
    const before = await policyOid(a, 'products');
    expect(before).toBeDefined();
    expect(await ensurePostgresSetup(a)).toBe(false);
    expect(await policyOid(a, 'products')).toBe(before);

    await sql`drop trigger mostrador_track_update on products`.execute(a);
    expect(await ensurePostgresSetup(a)).toBe(true);
    const triggers = await sql<{
      tgname: string;
    }>`select tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where c.relname = 'products' and tgname like 'mostrador_track_%' order by tgname`.execute(a);
    expect(triggers.rows.map((r) => r.tgname)).toEqual([
      'mostrador_track_change',
      'mostrador_track_delete',
      'mostrador_track_insert',
      'mostrador_track_update',
    ]);

    await sql`drop policy tenant_isolation on categories`.execute(a);
    expect(await ensurePostgresSetup(a)).toBe(true);
    expect(await policyOid(a, 'categories')).toBeDefined();
    expect(await ensurePostgresSetup(a)).toBe(false);
  }, 60_000);

  it("a hub serving a business while another hub re-installs its policies never has the business's rows refused", async () => {
    const [serving, starting] = await twoHubs();
    await migrateToLatest(serving);
    const tenantId = 'setup-tenant';
    const now = '2026-12-06T10:00:00.000Z';
    await serving
      .insertInto('tenants')
      .values({
        id: tenantId,
        name: 'Bar Sol',
        currency: 'EUR',
        locale: 'es-ES',
        time_zone: 'Europe/Madrid',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();

    let restarting = true;
    const restarts = (async () => {
      try {
        for (let i = 0; i < 8; i++) {
          await forget(starting);
          await migrateToLatest(starting);
        }
      } finally {
        restarting = false;
      }
    })();
    // The business's own transactions, as every command runs them, meanwhile.
    const seen: number[] = [];
    while (restarting) {
      const rows = await serving.transaction().execute(async (tx) => {
        await enterTenant(tx, tenantId);
        return tx.selectFrom('tenants').select('id').execute();
      });
      seen.push(rows.length);
    }
    await restarts;
    expect(seen.length).toBeGreaterThan(0);
    // Between a policy's drop and its re-creation the table would have none, and row-level
    // security without a policy shows the business nothing.
    expect(seen.filter((n) => n !== 1)).toEqual([]);
  }, 120_000);

  it("a business's transaction cannot read the hub's private signing key", async () => {
    const [a] = await twoHubs();
    await migrateToLatest(a);
    await sql`insert into hub_signing_keys (id, public_key, private_key, created_at)
      values ('entitlements', 'public', 'private', now())`.execute(a);
    // The hub itself (its own role) reads it to sign entitlements.
    expect((await a.selectFrom('hub_signing_keys').select('id').execute()).length).toBe(1);
    await expect(
      a.transaction().execute(async (tx) => {
        await enterTenant(tx, 'any-business');
        return tx.selectFrom('hub_signing_keys').select('private_key').execute();
      }),
    ).rejects.toThrow(/permission denied/);
  });
});

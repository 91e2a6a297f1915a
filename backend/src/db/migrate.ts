import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ensureLocalTracking } from './local-tracking.js';
import { ensurePostgresSetup } from './postgres-setup.js';

export class MigrationOrderError extends Error {
  override name = 'MigrationOrderError';
}

type MigrationList = ReadonlyArray<readonly [string, Migration]>;

const TABLE = 'kysely_migration';

/**
 * Applies pending migrations. Refuses to start when what the database has
 * applied is not a prefix of the files: an edited, removed or reordered
 * migration means this build and this database disagree about the schema.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before and outside the typed schema
export async function migrateToLatest(db: Kysely<any>, migrations: MigrationList = MIGRATIONS) {
  const names = migrations.map(([name]) => name);
  const applied = await appliedMigrations(db);
  applied.forEach((name, i) => {
    if (names[i] !== name) {
      throw new MigrationOrderError(
        `Database has migration "${name}" at position ${i + 1} but this build has ${
          names[i] ? `"${names[i]}"` : 'nothing'
        } there; the applied migrations must be a prefix of migrations/`,
      );
    }
  });
  const provider: MigrationProvider = { getMigrations: async () => Object.fromEntries(migrations) };
  const { error, results } = await new Migrator({
    db,
    provider,
    migrationTableName: TABLE,
  }).migrateToLatest();
  if (error) throw error;
  await ensurePostgresSetup(db);
  await ensureLocalTracking(db);
  return results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
}

// biome-ignore lint/suspicious/noExplicitAny: see migrateToLatest
async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === TABLE)) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(TABLE)} order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Column types that differ between the two dialects; everything else is shared. */
export function dialectTypes(db: Kysely<unknown>) {
  const postgres = isPostgres(db);
  return {
    postgres,
    timestamp: postgres ? sql`timestamptz` : sql`text`,
  };
}

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

import { type Kysely, sql } from 'kysely';

/**
 * Indexes on optional references hold only the rows that have one. Most sales
 * have no customer and no quote, most bookings no member and no series: every
 * such row still cost a page write in four indexes (a WAL frame each at
 * commit, which the fsync waits for). A lookup by customer, quote, member or
 * series (`col = ?`) implies `col is not null`, so SQLite's and Postgres's
 * planners still use the partial index.
 */
const PARTIAL = [
  ['sales_tenant_customer_idx', 'sales', ['tenant_id', 'customer_id'], 'customer_id'],
  ['sales_tenant_quote_idx', 'sales', ['tenant_id', 'quote_id'], 'quote_id'],
  ['bookings_series_idx', 'bookings', ['tenant_id', 'series_id', 'starts_at'], 'series_id'],
  ['bookings_member_idx', 'bookings', ['tenant_id', 'member_id', 'starts_at'], 'member_id'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns, optional] of PARTIAL) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
      .where(sql.ref(optional), 'is not', null)
      .execute();
  }
}

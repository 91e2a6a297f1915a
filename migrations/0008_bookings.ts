import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Coworking bookings: the business's booking defaults, resources, recurring
 * series and bookings. Rules, opening hours, closed dates and amenities are
 * canonical JSON text. A booking stores the range it holds with its buffers
 * (`blocked_from`/`blocked_to`) and whether its resource is exclusive
 * (capacity 1), so the conflict rule is one range comparison; on Postgres an
 * exclusion constraint enforces it for exclusive resources as a second wall.
 * `member_id` is plain text: members live in their own domain (0007), and the
 * booking command checks the member exists in the same business.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  await db.schema
    .createTable('booking_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('closed_dates', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('amenities', 'text', (c) => c.notNull())
    .addColumn('photo', 'text')
    .addColumn('price_per_hour', 'bigint', (c) => c.notNull())
    .addColumn('price_per_half_day', 'bigint')
    .addColumn('price_per_day', 'bigint')
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    /** null: the business's default opening hours. */
    .addColumn('opening_hours', 'text')
    .addColumn('closed_dates', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    /** Overrides of the business's booking rules. */
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('resources_tenant_idx')
    .on('resources')
    .columns(['tenant_id', 'location_id', 'name'])
    .execute();

  await db.schema
    .createTable('booking_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id'))
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('exdates', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('resources.id'))
    .addColumn('series_id', 'text', (c) => c.references('booking_series.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('blocked_from', t.timestamp, (c) => c.notNull())
    .addColumn('blocked_to', t.timestamp, (c) => c.notNull())
    /** 1 when the resource had capacity 1 at write time: the exclusion constraint applies. */
    .addColumn('exclusive', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('price_gross', 'bigint', (c) => c.notNull())
    .addColumn('credit_minutes', 'integer', (c) => c.notNull())
    .addColumn('price_due', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('late_fee', 'bigint', (c) => c.notNull())
    /** The member charge currently recorded for this booking's extra time (derived id), if any. */
    .addColumn('charge_id', 'text')
    .addColumn('checked_in_at', t.timestamp)
    .addColumn('checked_out_at', t.timestamp)
    .addColumn('cancelled_at', t.timestamp)
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bookings_resource_time_idx')
    .on('bookings')
    .columns(['tenant_id', 'resource_id', 'blocked_from'])
    .execute();
  await db.schema
    .createIndex('bookings_tenant_time_idx')
    .on('bookings')
    .columns(['tenant_id', 'blocked_from'])
    .execute();
  await db.schema
    .createIndex('bookings_code_unique')
    .on('bookings')
    .columns(['tenant_id', 'code'])
    .unique()
    .execute();
  await db.schema
    .createIndex('bookings_series_idx')
    .on('bookings')
    .columns(['tenant_id', 'series_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('bookings_member_idx')
    .on('bookings')
    .columns(['tenant_id', 'member_id', 'starts_at'])
    .execute();

  if (t.postgres) {
    // The hub's wall (ARCHITECTURE §5): two holding bookings of one exclusive
    // resource can never overlap, buffers included, whatever the application does.
    await sql`create extension if not exists btree_gist`.execute(db);
    await sql`alter table bookings add constraint bookings_no_overlap exclude using gist (
      tenant_id with =,
      resource_id with =,
      tstzrange(blocked_from, blocked_to, '[)') with &&
    ) where (exclusive = 1 and status in ('pending', 'confirmed', 'checked_in'))`.execute(db);
  }
}

/** The only bookings files that touch kysely: every function takes the tenant first and filters on it. */
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { BLOCKING_STATUSES, type BookingSettings, type BookingStatus } from '../../contract/bookings.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { containsFolded } from '../../db/folded-text.js';
import type { DB } from '../../db/schema.js';
import type { BookingSeriesTable, BookingsTable, ResourcesTable } from '../../db/schema-bookings.js';
import type { Hold } from './bookings.availability.js';
import { DEFAULT_OPENING_HOURS, DEFAULT_RULES, MAX_BLOCK_MS } from './bookings.rules.js';

type Db = Kysely<DB>;

export interface TenantInfo {
  timeZone: string;
  currency: string;
}

export async function tenantInfo(db: Db, tenantId: string): Promise<TenantInfo> {
  const row = await db
    .selectFrom('tenants')
    .select(['time_zone', 'currency'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, currency: row.currency };
}

export async function getSettings(db: Db, tenantId: string): Promise<BookingSettings> {
  const row = await db
    .selectFrom('booking_settings')
    .select(['rules', 'opening_hours', 'closed_dates'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return settingsOf(row);
}

function settingsOf(
  row: { rules: string; opening_hours: string; closed_dates: string } | undefined,
): BookingSettings {
  if (!row) return { rules: DEFAULT_RULES, openingHours: DEFAULT_OPENING_HOURS, closedDates: [] };
  return {
    rules: { ...DEFAULT_RULES, ...JSON.parse(row.rules) },
    openingHours: JSON.parse(row.opening_hours),
    closedDates: JSON.parse(row.closed_dates),
  };
}

export async function saveSettings(db: Db, tenantId: string, s: BookingSettings, at: string): Promise<void> {
  const values = {
    rules: canonicalJson(s.rules),
    opening_hours: canonicalJson(s.openingHours),
    closed_dates: canonicalJson([...new Set(s.closedDates)].sort()),
    updated_at: at,
  };
  await db
    .insertInto('booking_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

// ---------------------------------------------------------------------------
// Resources

export type ResourceRow = ResourcesTable & { location_name: string | null };

function resourceSelect(db: Db, tenantId: string) {
  return db
    .selectFrom('resources')
    .leftJoin('locations', (j) =>
      j.onRef('locations.id', '=', 'resources.location_id').on('locations.tenant_id', '=', tenantId),
    )
    .selectAll('resources')
    .select('locations.name as location_name')
    .where('resources.tenant_id', '=', tenantId)
    .where('resources.deleted_at', 'is', null);
}

/** A resource row with its location's name, the business's booking settings row (if saved) and zone, in one query. */
export async function findResourceWithPolicy(
  db: Db,
  tenantId: string,
  id: string,
): Promise<{ resource: ResourceRow; settings: BookingSettings; tenant: TenantInfo } | undefined> {
  // Plain SQL: this runs in every booking command, and the query builder costs more than the query.
  // Scalar subqueries, each a key lookup: on SQLite several times cheaper than the same joins.
  const r = await sql<
    ResourceRow & {
      s_rules: string | null;
      s_opening_hours: string | null;
      s_closed_dates: string | null;
      t_time_zone: string;
      t_currency: string;
    }
  >`select resources.*,
      (select name from locations where id = resources.location_id and tenant_id = ${tenantId}) as location_name,
      (select rules from booking_settings where tenant_id = ${tenantId}) as s_rules,
      (select opening_hours from booking_settings where tenant_id = ${tenantId}) as s_opening_hours,
      (select closed_dates from booking_settings where tenant_id = ${tenantId}) as s_closed_dates,
      (select time_zone from tenants where id = ${tenantId}) as t_time_zone,
      (select currency from tenants where id = ${tenantId}) as t_currency
    from resources
    where id = ${id} and tenant_id = ${tenantId} and deleted_at is null`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  const { s_rules, s_opening_hours, s_closed_dates, t_time_zone, t_currency, ...resource } = row;
  return {
    resource,
    settings: settingsOf(
      s_rules === null || s_opening_hours === null || s_closed_dates === null
        ? undefined
        : { rules: s_rules, opening_hours: s_opening_hours, closed_dates: s_closed_dates },
    ),
    tenant: { timeZone: t_time_zone, currency: t_currency },
  };
}

export async function findResource(db: Db, tenantId: string, id: string): Promise<ResourceRow | undefined> {
  return resourceSelect(db, tenantId).where('resources.id', '=', id).executeTakeFirst();
}

/** Locks the resource row until the transaction ends (Postgres), so two bookings of one capacity resource serialize. */
export async function lockResource(db: Db, tenantId: string, id: string, postgres: boolean): Promise<void> {
  if (!postgres) return;
  await db
    .selectFrom('resources')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .execute();
}

export async function listResources(
  db: Db,
  tenantId: string,
  f: { locationId?: string; type?: string; active?: boolean; q?: string; ids?: string[] },
): Promise<ResourceRow[]> {
  let q = resourceSelect(db, tenantId);
  if (f.locationId) q = q.where('resources.location_id', '=', f.locationId);
  if (f.type) q = q.where('resources.type', '=', f.type as ResourcesTable['type']);
  if (f.active !== undefined) q = q.where('resources.active', '=', f.active ? 1 : 0);
  if (f.q) q = q.where(containsFolded(db, sql.ref('resources.name'), f.q));
  if (f.ids) q = q.where('resources.id', 'in', f.ids.length ? f.ids : ['']);
  return q.orderBy('resources.name').orderBy('resources.id').execute();
}

/**
 * Names of the resources bookings refer to, removed ones included (a past
 * booking of a removed room keeps its name), of this business only.
 */
export async function bookedResourceNames(
  db: Db,
  tenantId: string,
  ids: string[],
): Promise<Pick<ResourceRow, 'id' | 'name' | 'type' | 'location_id'>[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('resources')
    .select(['id', 'name', 'type', 'location_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

/** What availability reads of a resource (no photo, no location join), in the list's order. */
export type BookableResource = Pick<
  ResourceRow,
  | 'id'
  | 'location_id'
  | 'name'
  | 'type'
  | 'capacity'
  | 'amenities'
  | 'opening_hours'
  | 'closed_dates'
  | 'rules'
  | 'active'
>;

export async function bookableResources(
  db: Db,
  tenantId: string,
  f: { locationId?: string; type?: string; ids?: string[] },
): Promise<BookableResource[]> {
  let q = db
    .selectFrom('resources')
    .select([
      'id',
      'location_id',
      'name',
      'type',
      'capacity',
      'amenities',
      'opening_hours',
      'closed_dates',
      'rules',
      'active',
    ])
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .where('active', '=', 1);
  if (f.locationId) q = q.where('location_id', '=', f.locationId);
  if (f.type) q = q.where('type', '=', f.type as ResourcesTable['type']);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
  return q.orderBy('name').orderBy('id').execute();
}

export async function resourceIdTaken(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('resources').select('id').where('id', '=', id).executeTakeFirst());
}

export async function insertResource(db: Db, row: Insertable<ResourcesTable>): Promise<void> {
  await db.insertInto('resources').values(row).execute();
}

export async function updateResource(
  db: Db,
  tenantId: string,
  id: string,
  changes: Updateable<ResourcesTable>,
): Promise<void> {
  await db
    .updateTable('resources')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function locationExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

// ---------------------------------------------------------------------------
// Bookings

export type BookingRow = BookingsTable;

export async function findBooking(db: Db, tenantId: string, id: string): Promise<BookingRow | undefined> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findBookingByCode(
  db: Db,
  tenantId: string,
  code: string,
): Promise<BookingRow | undefined> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();
}

// The create path's statements are plain SQL: each runs once per booking, and building them with the
// query builder costs more than running them.

export async function bookingIdTaken(db: Db, id: string): Promise<boolean> {
  return (await sql`select 1 from bookings where id = ${id}`.execute(db)).rows.length > 0;
}

export async function codeTaken(db: Db, tenantId: string, code: string): Promise<boolean> {
  const r = await sql`select 1 from bookings where tenant_id = ${tenantId} and code = ${code}`.execute(db);
  return r.rows.length > 0;
}

const BOOKING_COLUMNS = [
  'id',
  'tenant_id',
  'resource_id',
  'series_id',
  'code',
  'member_id',
  'customer_id',
  'title',
  'notes',
  'seats',
  'starts_at',
  'ends_at',
  'blocked_from',
  'blocked_to',
  'exclusive',
  'status',
  'pending_reason',
  'price_gross',
  'credit_minutes',
  'price_due',
  'tax_rate_bp',
  'currency',
  'late_fee',
  'late_fee_liability',
  'charge_id',
  'checked_in_at',
  'checked_out_at',
  'cancelled_at',
  'reason',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof BookingsTable)[];
const BOOKING_COLUMN_LIST = sql.raw(BOOKING_COLUMNS.join(', '));

export async function insertBooking(db: Db, row: BookingsTable): Promise<void> {
  const values = sql.join(BOOKING_COLUMNS.map((c) => row[c]));
  await sql`insert into bookings (${BOOKING_COLUMN_LIST}) values (${values})`.execute(db);
}

export async function updateBooking(
  db: Db,
  tenantId: string,
  id: string,
  changes: Updateable<BookingsTable>,
): Promise<void> {
  await db
    .updateTable('bookings')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export interface HoldRow {
  id: string;
  resource_id: string;
  starts_at: string;
  ends_at: string;
  blocked_from: string;
  blocked_to: string;
  seats: number;
  status: BookingStatus;
}

/**
 * The holding bookings whose blocked range meets [from, to), of some resources
 * (or all), as one indexed range scan: a hold starts at most MAX_BLOCK_MS
 * before it ends. The caller picks the columns.
 */
function holdingBetween(db: Db, tenantId: string, from: string, to: string, resourceIds?: readonly string[]) {
  const lower = new Date(Date.parse(from) - MAX_BLOCK_MS).toISOString();
  let q = db
    .selectFrom('bookings')
    .where('tenant_id', '=', tenantId)
    .where('blocked_from', '<', to)
    .where('blocked_from', '>', lower)
    .where('blocked_to', '>', from)
    .where('status', 'in', BLOCKING_STATUSES);
  if (resourceIds?.length === 1) q = q.where('resource_id', '=', resourceIds[0] as string);
  else if (resourceIds) q = q.where('resource_id', 'in', resourceIds.length ? resourceIds : ['']);
  return q;
}

/** Holding bookings whose blocked range meets [from, to), of some resources (or all). */
export async function holdsBetween(
  db: Db,
  tenantId: string,
  from: string,
  to: string,
  resourceIds?: readonly string[],
): Promise<HoldRow[]> {
  return holdingBetween(db, tenantId, from, to, resourceIds)
    .select(['id', 'resource_id', 'starts_at', 'ends_at', 'blocked_from', 'blocked_to', 'seats', 'status'])
    .execute();
}

/**
 * One resource's holding bookings whose blocked range meets [from, to): the
 * conflict check. One range scan of bookings_resource_hold_idx (migration
 * 0014), whose blocked_to and status decide most rows without reading them.
 */
export async function resourceHoldsBetween(
  db: Db,
  tenantId: string,
  resourceId: string,
  from: string,
  to: string,
): Promise<HoldRow[]> {
  const lower = new Date(Date.parse(from) - MAX_BLOCK_MS).toISOString();
  const r =
    await sql<HoldRow>`select id, resource_id, starts_at, ends_at, blocked_from, blocked_to, seats, status
    from bookings
    where tenant_id = ${tenantId} and resource_id = ${resourceId} and blocked_from < ${to} and blocked_from > ${lower}
      and blocked_to > ${from} and status in (${sql.join(BLOCKING_STATUSES)})`.execute(db);
  return r.rows;
}

/** The lean form for availability: just what the free-window computation reads, in one range scan. */
export async function windowHolds(
  db: Db,
  tenantId: string,
  from: string,
  to: string,
  resourceIds?: readonly string[],
): Promise<{ resource_id: string; blocked_from: string; blocked_to: string; seats: number }[]> {
  return holdingBetween(db, tenantId, from, to, resourceIds)
    .select(['resource_id', 'blocked_from', 'blocked_to', 'seats'])
    .execute();
}

export const toHold = (r: HoldRow): Hold => ({
  id: r.id,
  from: Date.parse(r.blocked_from),
  to: Date.parse(r.blocked_to),
  seats: Number(r.seats),
});

export async function listBookings(
  db: Db,
  tenantId: string,
  f: ListFilters & {
    limit: number;
    /** Only bookings after this one in (starts_at, id) order: the next page. */
    after?: { startsAt: string; id: string };
  },
): Promise<BookingRow[]> {
  let q = bookingsMatching(db, tenantId, f).selectAll('bookings');
  if (f.after) {
    const { startsAt, id } = f.after;
    q = q.where((eb) =>
      eb.or([
        eb('bookings.starts_at', '>', startsAt),
        eb.and([eb('bookings.starts_at', '=', startsAt), eb('bookings.id', '>', id)]),
      ]),
    );
  }
  return q.orderBy('bookings.starts_at').orderBy('bookings.id').limit(f.limit).execute();
}

/** How many bookings match the list's filters (every page). */
export async function countBookings(db: Db, tenantId: string, f: ListFilters): Promise<number> {
  const row = await bookingsMatching(db, tenantId, f)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface ListFilters {
  from?: string;
  to?: string;
  resourceId?: string;
  locationId?: string;
  status?: BookingStatus[];
  memberId?: string;
  customerId?: string;
  seriesId?: string;
}

/** The business's bookings the list's filters select. */
function bookingsMatching(db: Db, tenantId: string, f: ListFilters) {
  let q = db.selectFrom('bookings').where('bookings.tenant_id', '=', tenantId);
  if (f.from) q = q.where('bookings.ends_at', '>', f.from);
  if (f.to) q = q.where('bookings.starts_at', '<', f.to);
  if (f.resourceId) q = q.where('bookings.resource_id', '=', f.resourceId);
  if (f.locationId) {
    const locationId = f.locationId;
    q = q.where('bookings.resource_id', 'in', (s) =>
      s
        .selectFrom('resources')
        .select('resources.id')
        .where('resources.tenant_id', '=', tenantId)
        .where('resources.location_id', '=', locationId),
    );
  }
  if (f.status?.length) q = q.where('bookings.status', 'in', f.status);
  if (f.memberId) q = q.where('bookings.member_id', '=', f.memberId);
  if (f.customerId) q = q.where('bookings.customer_id', '=', f.customerId);
  if (f.seriesId) q = q.where('bookings.series_id', '=', f.seriesId);
  return q;
}

/** Confirmed bookings that started before `now`: candidates for no-show release. */
export async function startedConfirmed(db: Db, tenantId: string, now: string): Promise<BookingRow[]> {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'confirmed')
    .where('starts_at', '<=', now)
    .orderBy('starts_at')
    .execute();
}

export async function futureHoldsOfResource(db: Db, tenantId: string, resourceId: string, now: string) {
  return db
    .selectFrom('bookings')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('resource_id', '=', resourceId)
    .where('ends_at', '>', now)
    .where('status', 'in', BLOCKING_STATUSES)
    .limit(1)
    .execute();
}

// ---------------------------------------------------------------------------
// Parties (members live in the members domain: plain SQL on its table, tenant-scoped)

export async function memberExists(db: Db, tenantId: string, memberId: string): Promise<boolean> {
  const r = await sql<{
    id: string;
  }>`select id from members where tenant_id = ${tenantId} and id = ${memberId}`.execute(db);
  return r.rows.length > 0;
}

export async function memberNames(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const r = await sql<{
    id: string;
    name: string;
  }>`select id, name from members where tenant_id = ${tenantId} and id in (${sql.join(unique)})`.execute(db);
  return new Map(r.rows.map((m) => [m.id, m.name]));
}

export async function customerNames(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((c) => [c.id, c.name]));
}

export async function customerExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

// ---------------------------------------------------------------------------
// Series

export async function insertSeries(db: Db, row: Insertable<BookingSeriesTable>): Promise<void> {
  await db.insertInto('booking_series').values(row).execute();
}

export async function findSeries(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('booking_series')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function seriesIdTaken(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('booking_series').select('id').where('id', '=', id).executeTakeFirst());
}

export async function touchSeries(db: Db, tenantId: string, id: string, at: string): Promise<void> {
  await db
    .updateTable('booking_series')
    .set({ updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function setBookingTitle(db: Db, tenantId: string, id: string, title: string, at: string) {
  await db
    .updateTable('bookings')
    .set({ title, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

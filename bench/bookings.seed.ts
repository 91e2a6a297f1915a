/**
 * Seeding for the bookings benchmarks: RESOURCES meeting rooms open every day
 * 08:00–20:00 (Madrid) and BOOKINGS confirmed one-hour bookings spread over
 * the DAYS after `firstDay`, at 08:00, 11:00, 14:00 and 17:00 local, written
 * straight into the migrated SQLite file in one transaction.
 */
import type Database from 'better-sqlite3';
import { addDays, localToUtcIso } from '../backend/src/domains/bookings/bookings.time.js';

export const RESOURCES = 200;
export const BOOKINGS = 20_000;
export const DAYS = 30;
export const BOOKED_HOURS = [8, 11, 14, 17];
export const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '08:00', close: '20:00' }));

/** UTC ISO of `hour`:`minute` Madrid time on the day `offset` days after `firstDay`. */
export function madrid(firstDay: string, offset: number, hour: number, minute = 0): string {
  return localToUtcIso(addDays(firstDay, offset), hour * 60 + minute, 'Europe/Madrid');
}

export function seedResources(
  raw: Database.Database,
  tenantId: string,
  locationId: string,
  now: string,
): string[] {
  const insert = raw.prepare(
    `insert into resources (id, tenant_id, location_id, type, name, capacity, amenities, photo, price_per_hour,
      price_per_half_day, price_per_day, tax_rate_bp, opening_hours, closed_dates, active, rules, created_at, updated_at, deleted_at)
     values (?, ?, ?, 'meeting_room', ?, 1, '["tv"]', null, 2000, 6000, 10000, 2100, ?, '[]', 1, '{}', ?, ?, null)`,
  );
  const ids: string[] = [];
  raw.transaction(() => {
    for (let i = 0; i < RESOURCES; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      insert.run(id, tenantId, locationId, `Sala ${i}`, JSON.stringify(ALL_WEEK), now, now);
      ids.push(id);
    }
  })();
  return ids;
}

/** The seeded bookings as rows of the bookings table. */
export function* bookingRows(tenantId: string, resourceIds: string[], firstDay: string, now: string) {
  let n = 0;
  for (let day = 0; day < DAYS && n < BOOKINGS; day++) {
    for (const hour of BOOKED_HOURS) {
      for (const resourceId of resourceIds) {
        if (n >= BOOKINGS) return;
        const startsAt = madrid(firstDay, day, hour);
        const endsAt = madrid(firstDay, day, hour + 1);
        yield {
          id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
          tenant_id: tenantId,
          resource_id: resourceId,
          series_id: null,
          code: `B${String(n).padStart(5, '0')}`,
          member_id: null,
          customer_id: null,
          title: '',
          notes: '',
          seats: 1,
          starts_at: startsAt,
          ends_at: endsAt,
          blocked_from: startsAt,
          blocked_to: endsAt,
          exclusive: 1,
          status: 'confirmed' as const,
          price_gross: 2000,
          credit_minutes: 0,
          price_due: 2000,
          tax_rate_bp: 2100,
          currency: 'EUR',
          late_fee: 0,
          charge_id: null,
          checked_in_at: null,
          checked_out_at: null,
          cancelled_at: null,
          reason: '',
          created_at: now,
          updated_at: now,
        };
        n++;
      }
    }
  }
}

export function seedBookings(
  raw: Database.Database,
  tenantId: string,
  resourceIds: string[],
  firstDay: string,
  now: string,
): void {
  const insert = raw.prepare(
    `insert into bookings (id, tenant_id, resource_id, series_id, code, member_id, customer_id, title, notes, seats,
      starts_at, ends_at, blocked_from, blocked_to, exclusive, status, price_gross, credit_minutes, price_due, tax_rate_bp,
      currency, late_fee, charge_id, checked_in_at, checked_out_at, cancelled_at, reason, created_at, updated_at)
     values (@id, @tenant_id, @resource_id, @series_id, @code, @member_id, @customer_id, @title, @notes, @seats,
      @starts_at, @ends_at, @blocked_from, @blocked_to, @exclusive, @status, @price_gross, @credit_minutes, @price_due,
      @tax_rate_bp, @currency, @late_fee, @charge_id, @checked_in_at, @checked_out_at, @cancelled_at, @reason,
      @created_at, @updated_at)`,
  );
  raw.transaction(() => {
    for (const row of bookingRows(tenantId, resourceIds, firstDay, now)) insert.run(row);
  })();
}

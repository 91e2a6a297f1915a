/**
 * bookings.availability — "which rooms are free for an hour in the next 30
 * days": 200 resources, 20,000 confirmed bookings in the window, on a fresh
 * migrated SQLite file; p95 of `searchAvailability()` (the route's work: the
 * window's holds from the console's busy index — built by the first search,
 * then checked against the version tokens the triggers keep — and free
 * windows per resource in memory with opening hours, buffers, notice and
 * granularity).
 *
 * Also: the first (cold) search, which loads the index, and p95 of a search
 * right after a booking was written by another connection (what a front
 * desk does: book, then look again), which reloads that one resource.
 *
 * Baseline, same file: the same bookings-in-window query on raw
 * better-sqlite3 (what loading the window costs with nothing computed).
 */
import path from 'node:path';
import { availabilityQuery } from '../backend/src/contract/bookings.js';
import { migrateToLatest } from '../backend/src/db/migrate.js';
import { openSqlite, openSqliteRaw } from '../backend/src/db/sqlite.js';
import { searchAvailability } from '../backend/src/domains/bookings/bookings.search.js';
import { BOOKINGS, DAYS, madrid, RESOURCES, seedBookings, seedResources } from './bookings.seed.js';
import { Cleanup, defineBenchmark, percentile, withBaseline } from './lib.js';

const NOW = '2026-11-25T10:00:00.000Z';
const FIRST_DAY = '2026-11-26';
const WARMUP = 30;
const CALLS = 200;
const AFTER_WRITE_CALLS = 100;

export default defineBenchmark({
  name: 'bookings.availability',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const file = path.join(cleanup.tempDir('bookings-availability'), 'bench.db');
      const db = openSqlite(file);
      cleanup.add('destroy db', () => db.destroy());
      await migrateToLatest(db);
      const raw = openSqliteRaw(file);
      cleanup.add('close raw db', () => raw.close());
      const tenantId = '00000000-0000-4000-8000-0000000000aa';
      const locationId = '00000000-0000-4000-8000-0000000000bb';
      raw
        .prepare(
          `insert into tenants (id, name, currency, locale, time_zone, status, created_at, updated_at)
           values (?, 'Bench', 'EUR', 'es-ES', 'Europe/Madrid', 'active', ?, ?)`,
        )
        .run(tenantId, NOW, NOW);
      raw
        .prepare(
          `insert into locations (id, tenant_id, name, is_default, created_at) values (?, ?, 'Coworking', 1, ?)`,
        )
        .run(locationId, tenantId, NOW);
      const resources = seedResources(raw, tenantId, locationId, NOW);
      seedBookings(raw, tenantId, resources, FIRST_DAY, NOW);
      raw.exec('analyze');
      log(`${RESOURCES} resources, ${BOOKINGS} bookings over ${DAYS} days`);

      const from = madrid(FIRST_DAY, 0, 0);
      const to = madrid(FIRST_DAY, DAYS, 0);
      const q = availabilityQuery.parse({ from, to, durationMin: '60' });
      const cold0 = performance.now();
      const first = await searchAvailability(db, tenantId, q, NOW);
      const coldMs = performance.now() - cold0;
      const windows = first.resources.reduce((n, r) => n + r.windows.length, 0);
      // Not a timing assertion: the answer is the expected one (every resource, free gaps each day).
      if (first.resources.length !== RESOURCES || windows < RESOURCES * DAYS * 3) {
        throw new Error(`unexpected availability: ${first.resources.length} resources, ${windows} windows`);
      }
      log(`${windows} free windows found`);

      const lower = new Date(Date.parse(from) - (10_080 + 480) * 60_000 - 480 * 60_000).toISOString();
      const rawQuery = raw.prepare(
        `select resource_id, blocked_from, blocked_to, seats from bookings
         where tenant_id = ? and blocked_from < ? and blocked_from > ? and blocked_to > ?
           and status in ('pending', 'confirmed', 'checked_in')`,
      );
      const runRaw = () => rawQuery.all(tenantId, to, lower, from);
      if ((runRaw() as unknown[]).length < BOOKINGS) throw new Error('the raw query misses bookings');

      for (let i = 0; i < WARMUP; i++) {
        runRaw();
        await searchAvailability(db, tenantId, q, NOW);
      }
      log(`${CALLS} availability searches, then ${CALLS} raw window queries`);
      const appMs: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        await searchAvailability(db, tenantId, q, NOW);
        appMs.push(performance.now() - t0);
      }
      const rawMs: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        runRaw();
        rawMs.push(performance.now() - t0);
      }
      // A booking written behind the index's back (another connection), then a search.
      const insert = raw.prepare(
        `insert into bookings (id, tenant_id, resource_id, series_id, code, member_id, customer_id, title, notes, seats,
          starts_at, ends_at, blocked_from, blocked_to, exclusive, status, price_gross, credit_minutes, price_due,
          tax_rate_bp, currency, late_fee, charge_id, checked_in_at, checked_out_at, cancelled_at, reason, created_at,
          updated_at)
         values (?, ?, ?, null, ?, null, null, '', '', 1, ?, ?, ?, ?, 1, 'confirmed', 2000, 0, 2000, 2100, 'EUR', 0,
          null, null, null, null, '', ?, ?)`,
      );
      const afterWriteMs: number[] = [];
      for (let i = 0; i < AFTER_WRITE_CALLS; i++) {
        const startsAt = madrid(FIRST_DAY, i % DAYS, 9);
        const endsAt = madrid(FIRST_DAY, i % DAYS, 10);
        const id = `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        insert.run(
          id,
          tenantId,
          resources[i % RESOURCES],
          `W${String(i).padStart(5, '0')}`,
          startsAt,
          endsAt,
          startsAt,
          endsAt,
          NOW,
          NOW,
        );
        const t0 = performance.now();
        await searchAvailability(db, tenantId, q, NOW);
        afterWriteMs.push(performance.now() - t0);
      }
      emit(withBaseline('bookings.availability.p95', 'ms', percentile(appMs, 95), percentile(rawMs, 95)));
      emit({ name: 'bookings.availability.p50', value: percentile(appMs, 50), unit: 'ms' });
      emit({ name: 'bookings.availability.cold', value: coldMs, unit: 'ms' });
      emit({
        name: 'bookings.availability.after_write.p95',
        value: percentile(afterWriteMs, 95),
        unit: 'ms',
      });
    } finally {
      await cleanup.run();
    }
  },
});

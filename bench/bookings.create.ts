/**
 * bookings.create — booking a room through HTTP (`POST /api/bookings` →
 * bookings.booking.create: the resource's policy, the rule checks, the
 * conflict check over the resource's holds, pricing, code, insert, audit and
 * outbox op, one transaction) on a served console in its own process, with
 * 20,000 bookings already on 200 rooms over the next 30 days. One request in
 * flight (what one front desk does); every booking is accepted (a free hour
 * between the existing ones).
 *
 * Baseline: raw better-sqlite3 on its own file with the app's pragmas and the
 * same conflict-check index (migration 0014), 20,000 rows, doing the overlap check (select of the
 * resource's holds meeting the range) and the insert in one transaction.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { openSqliteRaw } from '../backend/src/db/sqlite.js';
import { addDays } from '../backend/src/domains/bookings/bookings.time.js';
import { ALL_WEEK, BOOKINGS, bookingRows, DAYS, madrid, RESOURCES, seedBookings } from './bookings.seed.js';
import {
  Cleanup,
  defineBenchmark,
  percentile,
  runConcurrent,
  startConsoleProcess,
  withBaseline,
} from './lib.js';

const WARMUP = 100;
const COUNT = 1_500;
/** Free local hours between the seeded ones (08, 11, 14, 17). */
const FREE_HOURS = [9, 12, 15, 18];

export default defineBenchmark({
  name: 'bookings.create',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const { db, client } = await startConsoleProcess(cleanup, 'bookings-create');
      const call = <T>(method: string, url: string, body: unknown, expected: number) =>
        client.call<T>(method, url, body, expected);
      const locations = await call<{ locations: { id: string }[] }>(
        'GET',
        '/api/stock/locations',
        undefined,
        200,
      );
      const locationId = locations.locations[0]?.id as string;
      const resourceIds: string[] = [];
      for (let i = 0; i < RESOURCES; i++) {
        const r = await call<{ id: string }>(
          'POST',
          '/api/resources',
          {
            type: 'meeting_room',
            name: `Sala ${i}`,
            capacity: 1,
            locationId,
            pricePerHour: 2000,
            pricePerHalfDay: 6000,
            pricePerDay: 10000,
            openingHours: ALL_WEEK,
            rules: { bufferAfterMin: 0, maxAdvanceDays: 90 },
          },
          201,
        );
        resourceIds.push(r.id);
      }
      const tenant = await db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      const firstDay = addDays(now.slice(0, 10), 2);
      const rows = [...bookingRows(tenant.id, resourceIds, firstDay, now)];
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < rows.length; i += 500)
          await tx
            .insertInto('bookings')
            .values(rows.slice(i, i + 500))
            .execute();
      });
      await sql`analyze`.execute(db);
      log(`${RESOURCES} rooms and ${BOOKINGS} bookings over ${DAYS} days from ${firstDay}`);

      const slots = function* () {
        for (let day = 0; day < DAYS; day++) {
          for (const hour of FREE_HOURS) {
            for (const resourceId of resourceIds) {
              yield {
                resourceId,
                startsAt: madrid(firstDay, day, hour),
                endsAt: madrid(firstDay, day, hour + 1),
              };
            }
          }
        }
      };
      const free = slots();
      const book = async () => {
        const next = free.next();
        if (next.done) throw new Error('ran out of free slots');
        await call('POST', '/api/bookings', next.value, 201);
      };

      const baseline = openRawBookings(cleanup.tempDir('bookings-create-raw'), firstDay);
      cleanup.add('close raw db', () => baseline.close());

      log(`warm-up: ${WARMUP} raw, ${WARMUP} POST /api/bookings`);
      baseline.run(WARMUP);
      await runConcurrent(WARMUP, 1, book);
      log(`${COUNT} POST /api/bookings one at a time, then ${COUNT} raw check+insert`);
      const http = await runConcurrent(COUNT, 1, book);
      const rawMs = baseline.run(COUNT);

      const count = await db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(count.n) !== BOOKINGS + WARMUP + COUNT) {
        throw new Error(`expected ${BOOKINGS + WARMUP + COUNT} bookings, found ${count.n}`);
      }
      emit(
        withBaseline('bookings.create.p99', 'ms', percentile(http.latenciesMs, 99), percentile(rawMs, 99)),
      );
      emit({ name: 'bookings.create.p50', value: percentile(http.latenciesMs, 50), unit: 'ms' });
    } finally {
      await cleanup.run();
    }
  },
});

function openRawBookings(dir: string, firstDay: string) {
  const db = openSqliteRaw(path.join(dir, 'raw.db'));
  db.exec(`
    CREATE TABLE bookings (
      id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, resource_id TEXT NOT NULL, series_id TEXT, code TEXT NOT NULL,
      member_id TEXT, customer_id TEXT, title TEXT NOT NULL, notes TEXT NOT NULL, seats INTEGER NOT NULL,
      starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, blocked_from TEXT NOT NULL, blocked_to TEXT NOT NULL,
      exclusive INTEGER NOT NULL, status TEXT NOT NULL, price_gross INTEGER NOT NULL, credit_minutes INTEGER NOT NULL,
      price_due INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL, currency TEXT NOT NULL, late_fee INTEGER NOT NULL,
      charge_id TEXT, checked_in_at TEXT, checked_out_at TEXT, cancelled_at TEXT, reason TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL
    );
    CREATE INDEX bookings_resource_hold_idx ON bookings (tenant_id, resource_id, blocked_from, blocked_to, status);
    CREATE UNIQUE INDEX bookings_code_unique ON bookings (tenant_id, code);
  `);
  const tenantId = 't';
  const resourceIds = Array.from(
    { length: RESOURCES },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const now = new Date().toISOString();
  seedBookings(db, tenantId, resourceIds, firstDay, now);
  const overlap = db.prepare(
    `select id from bookings where tenant_id = ? and resource_id = ? and blocked_from < ? and blocked_from > ?
       and blocked_to > ? and status in ('pending', 'confirmed', 'checked_in')`,
  );
  const insert = db.prepare(
    `insert into bookings values (?, ?, ?, null, ?, null, null, '', '', 1, ?, ?, ?, ?, 1, 'confirmed', 2000, 0, 2000,
      2100, 'EUR', 0, null, null, null, null, '', ?, ?)`,
  );
  let n = 0;
  const book = db.transaction((resourceId: string, startsAt: string, endsAt: string) => {
    const lower = new Date(Date.parse(startsAt) - 8 * 86_400_000).toISOString();
    if (overlap.all(tenantId, resourceId, endsAt, lower, startsAt).length > 0) throw new Error('raw overlap');
    insert.run(
      `raw-${n}`,
      tenantId,
      resourceId,
      `R${String(n).padStart(5, '0')}`,
      startsAt,
      endsAt,
      startsAt,
      endsAt,
      now,
      now,
    );
    n++;
  });
  let cursor = 0;
  return {
    run(count: number): number[] {
      const ms: number[] = [];
      for (let i = 0; i < count; i++, cursor++) {
        const day = Math.floor(cursor / (FREE_HOURS.length * RESOURCES));
        const hour = FREE_HOURS[Math.floor(cursor / RESOURCES) % FREE_HOURS.length] as number;
        const resourceId = resourceIds[cursor % RESOURCES] as string;
        const t0 = performance.now();
        book(resourceId, madrid(firstDay, day, hour), madrid(firstDay, day, hour + 1));
        ms.push(performance.now() - t0);
      }
      return ms;
    },
    close: () => db.close(),
  };
}

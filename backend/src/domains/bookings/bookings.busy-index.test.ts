/**
 * The console's busy index stays exact: after every kind of write — booking
 * commands, a booking row written, moved, cancelled or deleted behind the
 * commands' back (on the same connection or another one), resource,
 * settings and zone changes, a rolled-back transaction that read
 * availability while it held uncommitted bookings, searches in flight while
 * others write — availability from the long-lived index equals availability
 * read cold from the database.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it, onTestFinished } from 'vitest';
import { insertLocation, insertTenant } from '../../../test/builders.js';
import { tempDir } from '../../../test/helpers.js';
import { seeded } from '../../../test/seeded.js';
import { type AvailabilityResult, availabilityQuery } from '../../contract/bookings.js';
import { DomainError } from '../../core/errors.js';
import { type CommandContext, execute } from '../../core/pipeline.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { DB } from '../../db/schema.js';
import { openSqlite } from '../../db/sqlite.js';
import { dropBusyIndex } from './bookings.busy-index.js';
import {
  cancelBooking,
  createBooking,
  createResource,
  extendBooking,
  moveBooking,
  updateBookingSettings,
  updateResourceCommand,
} from './bookings.commands.js';
import { ALL_WEEK_8_TO_20 } from './bookings.fixtures.js';
import { DEFAULT_RULES } from './bookings.rules.js';
import { searchAvailability } from './bookings.search.js';

function prng(seed: number) {
  const next = seeded(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { int, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

const NOW = '2026-11-25T10:00:00.000Z';
const RESOURCES = [
  { type: 'meeting_room', capacity: 1, rules: {} },
  { type: 'meeting_room', capacity: 1, rules: { bufferBeforeMin: 15, bufferAfterMin: 15 } },
  { type: 'phone_booth', capacity: 1, rules: { bufferAfterMin: 30, slotGranularityMin: 30 } },
  { type: 'hot_desk', capacity: 3, rules: { bufferAfterMin: 15 } },
] as const;
const QUERIES = [
  { from: '2026-11-25T23:00:00.000Z', to: '2026-11-29T23:00:00.000Z', durationMin: '60' },
  { from: '2026-11-26T09:00:00.000Z', to: '2026-11-28T09:00:00.000Z', durationMin: '30', seats: '2' },
  {
    from: '2026-11-25T23:00:00.000Z',
    to: '2026-11-28T23:00:00.000Z',
    durationMin: '90',
    type: 'meeting_room',
  },
];

async function openPair(): Promise<{ db: Kysely<DB>; other: Kysely<DB> }> {
  const file = path.join(tempDir(), 'busy.db');
  const db = openSqlite(file);
  await migrateToLatest(db);
  const other = openSqlite(file);
  onTestFinished(async () => {
    await other.destroy();
    await db.destroy();
  });
  return { db, other };
}

describe('the busy index', () => {
  it.each([3, 17])('seed %i: equals a cold read after every kind of write', async (seed) => {
    const rnd = prng(seed);
    // `db` keeps its index for the whole run; `other` is a second connection that writes behind its back
    // and, with its index dropped before every read, gives the cold answer.
    const { db, other } = await openPair();
    const tenantId = await insertTenant(db, `Semilla ${seed}`);
    const locationId = await insertLocation(db, tenantId, 'Coworking');
    const deps = { db, newId: uuidv7 };
    const ctx = (i: number): CommandContext => ({
      tenantId,
      actor: { userId: 'owner', role: 'OWNER' },
      deviceId: 'busy-index-device',
      now: new Date(Date.parse(NOW) + i * 1000).toISOString(),
      opId: uuidv7(),
    });
    const resourceIds: string[] = [];
    for (const [i, r] of RESOURCES.entries()) {
      const id = `00000000-0000-4000-a000-00000000000${i}`;
      await execute(deps, ctx(0), createResource, {
        id,
        type: r.type,
        name: `Recurso ${i}`,
        capacity: r.capacity,
        locationId,
        pricePerHour: 1000,
        openingHours: ALL_WEEK_8_TO_20,
        rules: r.rules,
      });
      resourceIds.push(id);
    }
    const bookingIds: string[] = [];
    const slot = () => {
      const day = `2026-11-${rnd.int(26, 28)}`;
      const from = rnd.int(8 * 4, 19 * 4) * 15;
      const len = rnd.int(2, 10) * 15;
      const iso = (m: number) =>
        new Date(
          `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+01:00`,
        ).toISOString();
      return { startsAt: iso(from), endsAt: iso(from + len) };
    };
    const search = (handle: Kysely<DB>, q: (typeof QUERIES)[number]) =>
      searchAvailability(handle, tenantId, availabilityQuery.parse(q), NOW);
    const snapshots = new Set<string>();
    const assertExact = async (step: string) => {
      for (const q of QUERIES) {
        const warm: AvailabilityResult = await search(db, q);
        dropBusyIndex(other);
        const cold = await search(other, q);
        expect(warm, `${step}: ${JSON.stringify(q)}`).toEqual(cold);
        snapshots.add(JSON.stringify(warm));
      }
    };
    const anyBooking = async () => {
      const rows = await other
        .selectFrom('bookings')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .execute();
      return rows.length ? rnd.pick(rows).id : null;
    };
    const rawRow = (id: string, resourceId: string, s: { startsAt: string; endsAt: string }) => ({
      id,
      tenant_id: tenantId,
      resource_id: resourceId,
      series_id: null,
      code: id.slice(-6).toUpperCase(),
      member_id: null,
      customer_id: null,
      title: '',
      notes: '',
      seats: 1,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      blocked_from: s.startsAt,
      blocked_to: s.endsAt,
      exclusive: resourceId === resourceIds[3] ? 0 : 1,
      status: 'confirmed' as const,
      price_gross: 0,
      credit_minutes: 0,
      price_due: 0,
      tax_rate_bp: 0,
      currency: 'EUR',
      late_fee: 0,
      charge_id: null,
      checked_in_at: null,
      checked_out_at: null,
      cancelled_at: null,
      reason: '',
      created_at: NOW,
      updated_at: NOW,
    });

    await assertExact('start');
    const kinds = [
      'create',
      'create',
      'create',
      'move',
      'extend',
      'cancel',
      'raw-insert',
      'raw-move',
      'raw-status',
      'raw-delete',
      'same-connection-update',
      'resource',
      'resource-capacity',
      'settings',
      'zone',
      'rolled-back',
      'concurrent',
    ] as const;
    for (let i = 1; i <= 70; i++) {
      const kind = bookingIds.length < 3 ? 'create' : rnd.pick(kinds);
      try {
        if (kind === 'create') {
          const id = uuidv7();
          const resourceId = rnd.pick(resourceIds);
          await execute(deps, ctx(i), createBooking, {
            id,
            resourceId,
            seats: resourceId === resourceIds[3] ? rnd.int(1, 2) : 1,
            ...slot(),
            title: '',
            notes: '',
            memberId: null,
            customerId: null,
          });
          bookingIds.push(id);
        } else if (kind === 'move') {
          const resourceId = rnd.int(0, 2) === 0 ? rnd.pick(resourceIds.slice(0, 3)) : undefined;
          await execute(deps, ctx(i), moveBooking, {
            bookingId: rnd.pick(bookingIds),
            resourceId,
            ...slot(),
          });
        } else if (kind === 'extend') {
          const bookingId = rnd.pick(bookingIds);
          const row = await db
            .selectFrom('bookings')
            .select('ends_at')
            .where('id', '=', bookingId)
            .executeTakeFirst();
          const endsAt = new Date(
            Date.parse(row?.ends_at ?? NOW) + rnd.int(1, 6) * 15 * 60_000,
          ).toISOString();
          await execute(deps, ctx(i), extendBooking, { bookingId, endsAt });
        } else if (kind === 'cancel') {
          await execute(deps, ctx(i), cancelBooking, { bookingId: rnd.pick(bookingIds), reason: '' });
        } else if (kind === 'raw-insert') {
          // Another connection (the sync pull, another process) writes a booking no command checked.
          const id = uuidv7();
          await other
            .insertInto('bookings')
            .values(rawRow(id, rnd.pick(resourceIds), slot()))
            .execute();
          bookingIds.push(id);
        } else if (kind === 'raw-move') {
          const id = await anyBooking();
          const s = slot();
          if (id) {
            await other
              .updateTable('bookings')
              .set({ resource_id: rnd.pick(resourceIds), blocked_from: s.startsAt, blocked_to: s.endsAt })
              .where('id', '=', id)
              .execute();
          }
        } else if (kind === 'raw-status') {
          const id = await anyBooking();
          const status = rnd.pick(['cancelled', 'confirmed', 'no_show', 'pending', 'checked_in'] as const);
          if (id) await other.updateTable('bookings').set({ status }).where('id', '=', id).execute();
        } else if (kind === 'raw-delete') {
          const id = await anyBooking();
          if (id) await other.deleteFrom('bookings').where('id', '=', id).execute();
        } else if (kind === 'same-connection-update') {
          // The index's own connection, around the commands.
          const id = await anyBooking();
          if (id) {
            const row = await db
              .selectFrom('bookings')
              .select('blocked_to')
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            const later = new Date(Date.parse(row.blocked_to) + 45 * 60_000).toISOString();
            await db.updateTable('bookings').set({ blocked_to: later }).where('id', '=', id).execute();
          }
        } else if (kind === 'resource') {
          const changes = rnd.pick([
            { closedDates: [`2026-11-${rnd.int(26, 28)}`] },
            { closedDates: [] },
            {
              openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
                weekday,
                open: '09:30',
                close: '18:00',
              })),
            },
            { openingHours: null },
            { rules: { bufferBeforeMin: rnd.int(0, 2) * 15, minNoticeMin: rnd.int(0, 1) * 600 } },
            { active: false },
            { active: true },
            { amenities: ['tv'] },
            { type: 'private_office' as const },
            { type: 'meeting_room' as const },
          ]);
          await execute(deps, ctx(i), updateResourceCommand, {
            resourceId: rnd.pick(resourceIds.slice(0, 3)),
            changes,
          });
        } else if (kind === 'resource-capacity') {
          // Behind the command's back: the command refuses a seat change while bookings are upcoming.
          await other
            .updateTable('resources')
            .set({ capacity: rnd.int(2, 4) })
            .where('id', '=', resourceIds[3] as string)
            .execute();
        } else if (kind === 'settings') {
          await execute(deps, ctx(i), updateBookingSettings, {
            rules: {
              ...DEFAULT_RULES,
              bufferAfterMin: rnd.int(0, 2) * 15,
              slotGranularityMin: rnd.pick([15, 30]),
            },
            openingHours: rnd.pick([ALL_WEEK_8_TO_20, []]),
            closedDates: rnd.int(0, 1) ? ['2026-11-27'] : [],
          });
        } else if (kind === 'zone') {
          await other
            .updateTable('tenants')
            .set({ time_zone: rnd.pick(['Europe/Madrid', 'Atlantic/Canary', 'America/Mexico_City']) })
            .where('id', '=', tenantId)
            .execute();
        } else if (kind === 'concurrent') {
          // Searches in flight while a command and another connection write: uses interleave at every await.
          const id = uuidv7();
          await Promise.all([
            search(db, rnd.pick(QUERIES)),
            execute(deps, ctx(i), createBooking, {
              id,
              resourceId: rnd.pick(resourceIds.slice(0, 3)),
              seats: 1,
              ...slot(),
              title: '',
              notes: '',
              memberId: null,
              customerId: null,
            }).then(
              () => bookingIds.push(id),
              (e: unknown) => {
                if (!(e instanceof DomainError)) throw e;
              },
            ),
            search(db, rnd.pick(QUERIES)),
            other
              .insertInto('bookings')
              .values(rawRow(uuidv7(), rnd.pick(resourceIds), slot()))
              .execute(),
            search(db, rnd.pick(QUERIES)),
          ]);
        } else {
          // A transaction that books, reads availability through itself (the index sees its uncommitted
          // rows), then rolls back: the index must not keep what never committed.
          await db
            .transaction()
            .execute(async (tx) => {
              const id = uuidv7();
              await tx
                .insertInto('bookings')
                .values(rawRow(id, rnd.pick(resourceIds), slot()))
                .execute();
              await tx
                .updateTable('resources')
                .set({ closed_dates: '["2026-11-26"]' })
                .where('tenant_id', '=', tenantId)
                .execute();
              await searchAvailability(tx, tenantId, availabilityQuery.parse(rnd.pick(QUERIES)), NOW);
              throw new Error('roll back');
            })
            .catch((e: unknown) => {
              if (!(e instanceof Error && e.message === 'roll back')) throw e;
            });
        }
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
      }
      await assertExact(`${i} ${kind}`);
    }
    // The run changed the answers many times (the comparison was not between two empty results).
    expect(snapshots.size).toBeGreaterThan(20);
  });
});

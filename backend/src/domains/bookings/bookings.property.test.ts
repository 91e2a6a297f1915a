/**
 * Property test of the conflict rule: random sequences of create, move,
 * extend and cancel across exclusive rooms (with buffers) and a capacity
 * desk area, through the real command pipeline. Afterwards no two holding
 * bookings of an exclusive resource overlap (buffers included) and no
 * capacity resource is ever over capacity; the SAME sequence on SQLite and
 * on a real Postgres gives the same outcome for every op and the same rows.
 */
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { insertLocation, insertTenant } from '../../../test/builders.js';
import { freshPostgres, freshSqlite } from '../../../test/helpers.js';
import { seeded } from '../../../test/seeded.js';
import { BLOCKING_STATUSES } from '../../contract/bookings.js';
import { DomainError } from '../../core/errors.js';
import type { CommandContext } from '../../core/pipeline.js';
import { execute } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import {
  cancelBooking,
  createBooking,
  createResource,
  extendBooking,
  moveBooking,
} from './bookings.commands.js';
import { ALL_WEEK_8_TO_20 } from './bookings.fixtures.js';

function prng(seed: number) {
  const next = seeded(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    /** A UUIDv4-shaped id from the seed, identical on both databases. */
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
  };
}

const RESOURCES = [
  { name: 'Sala A', capacity: 1, rules: { bufferBeforeMin: 0, bufferAfterMin: 0 } },
  { name: 'Sala B', capacity: 1, rules: { bufferBeforeMin: 15, bufferAfterMin: 15 } },
  { name: 'Sala C', capacity: 1, rules: { bufferBeforeMin: 0, bufferAfterMin: 30 } },
  { name: 'Open space', capacity: 3, rules: { bufferBeforeMin: 0, bufferAfterMin: 15 } },
];

async function runSequence(db: Kysely<DB>, seed: number, ops: number): Promise<string[]> {
  const rnd = prng(seed);
  const tenantId = await insertTenant(db, `Semilla ${seed}`);
  const locationId = await insertLocation(db, tenantId, 'Coworking');
  const deps = { db, newId: uuidv7 };
  const start = Date.parse('2026-11-25T10:00:00.000Z');
  const ctx = (i: number): CommandContext => ({
    tenantId,
    actor: { userId: 'owner', role: 'OWNER' },
    deviceId: 'property-device',
    now: new Date(start + i * 1000).toISOString(),
    opId: uuidv7(),
  });
  const resourceIds: string[] = [];
  for (const [i, r] of RESOURCES.entries()) {
    const id = `00000000-0000-4000-a000-00000000000${i}`;
    await execute(deps, ctx(0), createResource, {
      id,
      type: r.capacity > 1 ? 'hot_desk' : 'meeting_room',
      name: r.name,
      capacity: r.capacity,
      locationId,
      pricePerHour: 1000,
      openingHours: ALL_WEEK_8_TO_20,
      rules: r.rules,
    });
    resourceIds.push(id);
  }
  const bookingIds: string[] = [];
  const outcomes: string[] = [];
  const slot = () => {
    const day = `2026-11-${rnd.int(26, 28)}`;
    const from = rnd.int(8 * 4, 19 * 4) * 15;
    const len = rnd.int(2, 12) * 15;
    const iso = (m: number) =>
      new Date(
        `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+01:00`,
      ).toISOString();
    return { startsAt: iso(from), endsAt: iso(from + len) };
  };
  for (let i = 1; i <= ops; i++) {
    const kind =
      bookingIds.length < 3
        ? 'create'
        : rnd.pick(['create', 'create', 'create', 'move', 'extend', 'cancel'] as const);
    let run: () => Promise<unknown>;
    if (kind === 'create') {
      const id = rnd.uuid();
      const resourceId = rnd.pick(resourceIds);
      const seats = resourceId === resourceIds[3] ? rnd.int(1, 2) : 1;
      const s = slot();
      run = async () => {
        await execute(deps, ctx(i), createBooking, {
          id,
          resourceId,
          seats,
          ...s,
          title: '',
          notes: '',
          memberId: null,
          customerId: null,
        });
        bookingIds.push(id);
      };
    } else if (kind === 'move') {
      const bookingId = rnd.pick(bookingIds);
      const resourceId = rnd.int(0, 3) === 0 ? rnd.pick(resourceIds.slice(0, 3)) : undefined;
      const s = slot();
      run = () => execute(deps, ctx(i), moveBooking, { bookingId, resourceId, ...s });
    } else if (kind === 'extend') {
      const bookingId = rnd.pick(bookingIds);
      const minutes = rnd.int(1, 8) * 15;
      run = async () => {
        const row = await db
          .selectFrom('bookings')
          .select('ends_at')
          .where('id', '=', bookingId)
          .executeTakeFirstOrThrow();
        const endsAt = new Date(Date.parse(row.ends_at) + minutes * 60_000).toISOString();
        await execute(deps, ctx(i), extendBooking, { bookingId, endsAt });
      };
    } else {
      const bookingId = rnd.pick(bookingIds);
      run = () => execute(deps, ctx(i), cancelBooking, { bookingId, reason: '' });
    }
    try {
      await run();
      outcomes.push(`${i} ${kind} ok`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      outcomes.push(`${i} ${kind} ${e.code}`);
    }
  }
  const rows = await db
    .selectFrom('bookings')
    .select(['id', 'resource_id', 'starts_at', 'ends_at', 'blocked_from', 'blocked_to', 'seats', 'status'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  assertConflictRule(rows);
  // The database agrees: no pair of holding bookings of an exclusive resource overlaps.
  const overlaps = await sql<{ n: number }>`select count(*) as n from bookings a join bookings b
    on a.tenant_id = b.tenant_id and a.resource_id = b.resource_id and a.id < b.id
    where a.tenant_id = ${tenantId} and a.exclusive = 1
      and a.status in ('pending', 'confirmed', 'checked_in') and b.status in ('pending', 'confirmed', 'checked_in')
      and a.blocked_from < b.blocked_to and b.blocked_from < a.blocked_to`.execute(db);
  expect(Number(overlaps.rows[0]?.n)).toBe(0);
  return [
    ...outcomes,
    ...rows.map((r) => `${r.id} ${r.resource_id} ${r.starts_at} ${r.ends_at} ${r.seats} ${r.status}`),
  ];
}

function assertConflictRule(
  rows: { resource_id: string; blocked_from: string; blocked_to: string; seats: number; status: string }[],
) {
  const holding = rows.filter((r) => (BLOCKING_STATUSES as readonly string[]).includes(r.status));
  for (const [i, def] of RESOURCES.entries()) {
    const mine = holding.filter(
      (r) => r.resource_id.endsWith(`${i}`) && r.resource_id.startsWith('00000000'),
    );
    const events = mine.flatMap((r) => [
      [Date.parse(r.blocked_from), Number(r.seats)],
      [Date.parse(r.blocked_to), -Number(r.seats)],
    ]) as [number, number][];
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let used = 0;
    for (const [, d] of events) {
      used += d;
      expect(used, `${def.name} over capacity`).toBeLessThanOrEqual(def.capacity);
    }
  }
}

describe('the conflict rule under random create/move/extend/cancel sequences', () => {
  it.each([11, 42])(
    'seed %i: never overlaps or overfills, and SQLite and Postgres agree op by op',
    async (seed) => {
      const ops = 120;
      const onSqlite = await runSequence(await freshSqlite(), seed, ops);
      const onPostgres = await runSequence(await freshPostgres(), seed, ops);
      expect(onPostgres).toEqual(onSqlite);
      const accepted = onSqlite.filter((o) => / create ok$/.test(o)).length;
      const refused = onSqlite.filter((o) => / booking-conflict$/.test(o)).length;
      // The sequence is dense enough to exercise both sides of the rule.
      expect(accepted).toBeGreaterThan(10);
      expect(refused).toBeGreaterThan(5);
    },
  );

  it('is also a Postgres exclusion constraint: an overlapping holding row cannot be written at all', async () => {
    const db = await freshPostgres();
    await runSequence(db, 7, 30);
    const row = await db
      .selectFrom('bookings')
      .selectAll()
      .where('exclusive', '=', 1)
      .where('status', 'in', ['confirmed'])
      .executeTakeFirstOrThrow();
    const copy = { ...row, id: '11111111-1111-4111-a111-111111111111', code: 'ZZZZZ1' };
    await expect(db.insertInto('bookings').values(copy).execute()).rejects.toMatchObject({
      code: '23P01',
      constraint: 'bookings_no_overlap',
    });
    // A cancelled copy holds nothing and is accepted.
    await db
      .insertInto('bookings')
      .values({ ...copy, status: 'cancelled' })
      .execute();
  });
});

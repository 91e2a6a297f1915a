/**
 * The availability search and booking agree: every start the search offers
 * is one that booking accepts, and every start booking accepts is offered,
 * including the nights the clocks change (whatever the step) and steps that
 * do not divide the day.
 */
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';
import { seeded } from '../../../test/seeded.js';
import { conflictingHolds, freeWindows, type Hold } from './bookings.availability.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';
import { assertSlotAllowed, blockedRange, DEFAULT_RULES, type ResourcePolicy } from './bookings.rules.js';
import { utcToLocal } from './bookings.time.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const allWeek = (open: string, close: string) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open, close }));
const NOW = Date.parse('2026-11-25T10:00:00Z');

/** Whether booking [s, s + dur) passes the create rules and fits among the holds. */
function bookable(policy: ResourcePolicy, holds: Hold[], s: number, dur: number): boolean {
  try {
    assertSlotAllowed(
      policy,
      { startsAt: iso(s), endsAt: iso(s + dur * MIN), seats: 1, checkStart: true },
      iso(NOW),
    );
  } catch {
    return false;
  }
  const [bf, bt] = blockedRange(policy.rules, iso(s), iso(s + dur * MIN));
  return conflictingHolds(policy.capacity, holds, Date.parse(bf), Date.parse(bt), 1).length === 0;
}

const ZONES = ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
/** Spring forward and fall back in Europe and the US; Lord Howe moves its clocks by 30 minutes. */
const DAYS = ['2027-03-28', '2027-10-31', '2027-03-14', '2027-11-07', '2027-04-04', '2027-10-03'];

describe('every start the availability search offers can be booked', () => {
  for (const zone of ZONES) {
    it(`${zone}: around each change of the clocks`, () => {
      const rnd = seeded(zone.length * 31);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
      for (const day of DAYS) {
        for (let trial = 0; trial < 6; trial++) {
          const g = pick([15, 20, 30, 45, 60, 50]);
          const capacity = pick([1, 3]);
          const policy: ResourcePolicy = {
            id: 'r',
            capacity,
            active: true,
            rules: {
              ...DEFAULT_RULES,
              slotGranularityMin: g,
              minDurationMin: g,
              maxDurationMin: 24 * 60,
              bufferBeforeMin: pick([0, 10]),
              bufferAfterMin: pick([0, 15]),
              maxAdvanceDays: 730,
              minNoticeMin: 0,
            },
            openingHours: pick([allWeek('00:00', '24:00'), allWeek('01:00', '23:00')]),
            closedDates: new Set(),
            timeZone: zone,
          };
          const from = Date.parse(`${day}T00:00:00Z`) - 14 * HOUR;
          const holds: Hold[] = [];
          for (let i = 0; i < 4; i++) {
            const s = from + Math.floor(rnd() * 40) * HOUR;
            const [bf, bt] = blockedRange(
              policy.rules,
              iso(s),
              iso(s + (1 + Math.floor(rnd() * 4)) * 30 * MIN),
            );
            holds.push({ id: `h${i}`, from: Date.parse(bf), to: Date.parse(bt), seats: 1 });
          }
          holds.sort((a, b) => a.from - b.from);
          const dur = g * (1 + Math.floor(rnd() * 4));
          const q = { fromMs: from, toMs: from + 48 * HOUR, durationMin: dur, seats: 1 };
          const windows = freeWindows(policy, holds, q, NOW);
          const label = `${zone} ${day} step ${g} length ${dur}`;
          for (const w of windows) {
            for (let s = w.start; s <= w.latestStart; s += MIN) {
              // Every start on the local step inside a window is one booking accepts.
              if (utcToLocal(s, zone).minute % g !== 0) continue;
              expect(bookable(policy, holds, s, dur), `${label}: offered ${iso(s)}`).toBe(true);
            }
          }
          for (let s = q.fromMs; s + dur * MIN <= q.toMs; s += 5 * MIN) {
            if (!bookable(policy, holds, s, dur)) continue;
            const offered = windows.some((w) => w.start <= s && s <= w.latestStart);
            expect(offered, `${label}: bookable ${iso(s)} not offered`).toBe(true);
          }
        }
      }
    });
  }

  it('a step that does not divide the day: no start whose end booking refuses', () => {
    const policy: ResourcePolicy = {
      id: 'r',
      capacity: 1,
      active: true,
      rules: {
        ...DEFAULT_RULES,
        slotGranularityMin: 50,
        minDurationMin: 50,
        maxDurationMin: 600,
        minNoticeMin: 0,
      },
      openingHours: allWeek('00:00', '24:00'),
      closedDates: new Set(),
      timeZone: 'Europe/Madrid',
    };
    const from = Date.parse('2026-12-01T12:00:00Z');
    const windows = freeWindows(
      policy,
      [],
      { fromMs: from, toMs: from + 24 * HOUR, durationMin: 100, seats: 1 },
      NOW,
    );
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) {
      for (let s = w.start; s <= w.latestStart; s += MIN) {
        if (utcToLocal(s, 'Europe/Madrid').minute % 50 !== 0) continue;
        expect(bookable(policy, [], s, 100), `offered ${iso(s)}`).toBe(true);
      }
    }
  });

  it('Madrid, 28 March 2027, 45-minute steps: each start offered for 3 hours books (201)', async () => {
    const { agent } = await ownerAgent();
    const room = await makeResource(agent, await defaultLocation(agent), {
      openingHours: allWeek('00:00', '24:00'),
      rules: { slotGranularityMin: 45, minDurationMin: 45, maxDurationMin: 720, maxAdvanceDays: 730 },
    });
    const found = await agent
      .get('/api/bookings/availability')
      .query({
        from: '2027-03-27T23:00:00Z',
        to: '2027-03-28T08:00:00Z',
        durationMin: 180,
        resourceId: room.id,
      })
      .expect(200);
    const starts: number[] = [];
    for (const w of found.body.resources[0].windows as { startsAt: string; latestStart: string }[]) {
      for (let s = Date.parse(w.startsAt); s <= Date.parse(w.latestStart); s += MIN) {
        if (utcToLocal(s, 'Europe/Madrid').minute % 45 === 0) starts.push(s);
      }
    }
    expect(starts.length).toBeGreaterThan(0);
    // Each offered start, booked and then cancelled so that the next one is free again.
    for (const s of starts) {
      const res = await agent
        .post('/api/bookings')
        .send({ resourceId: room.id, startsAt: iso(s), endsAt: iso(s + 180 * MIN) });
      expect(res.status, `${iso(s)}: ${JSON.stringify(res.body)}`).toBe(201);
      await agent.post(`/api/bookings/${res.body.id}/cancel`).send({}).expect(200);
    }
  });
});

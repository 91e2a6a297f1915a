/**
 * Series edits and cancellations opened from an occurrence that has already
 * passed: "following" and "all" reach only occurrences not yet started; the
 * ones that have begun are history and stay as they were.
 */
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Occurrence = { id: string; startsAt: string; endsAt: string; status: string; title: string };

/** A weekly 10:00–11:00 series on 26 Nov, 3, 10 and 17 Dec, booked on 25 Nov; then the clock moves on by `later`. */
async function pastSeries(later: number) {
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const ctx = await ownerAgent(await testDeps(undefined, { clock }));
  const room = await makeResource(ctx.agent, await defaultLocation(ctx.agent));
  const series = (
    await ctx.agent
      .post('/api/bookings/series')
      .send({
        resourceId: room.id,
        startsAt: at('2026-11-26', '10:00'),
        endsAt: at('2026-11-26', '11:00'),
        rrule: 'FREQ=WEEKLY;COUNT=4',
        title: 'Equipo',
      })
      .expect(201)
  ).body as { id: string; bookings: Occurrence[] };
  clock.advance(later);
  // The session does not outlive the clock jump: sign in again.
  await ctx.agent
    .post('/api/auth/login')
    .send({ email: 'ana@example.com', password: 'correct-horse-9' })
    .expect(200);
  return { ...ctx, series };
}

async function occurrences(agent: TestAgent, seriesId: string): Promise<Occurrence[]> {
  return (await agent.get(`/api/bookings/series/${seriesId}`).expect(200)).body.bookings;
}

const starts = (rows: Occurrence[]) => rows.map((b) => b.startsAt);
const statuses = (rows: Occurrence[]) => rows.map((b) => b.status);

describe('series edits opened from a past occurrence', () => {
  it('"all" from last week\'s occurrence moves only the ones still to come', async () => {
    // 4 Dec: 26 Nov and 3 Dec have passed, still confirmed.
    const { agent, series } = await pastSeries(9 * DAY);
    const first = series.bookings[0] as Occurrence;
    const res = await agent
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({ scope: 'all', bookingId: first.id, startTime: '12:00', endTime: '13:00', title: 'Tarde' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await occurrences(agent, series.id);
    expect(starts(after)).toEqual([
      at('2026-11-26', '10:00'),
      at('2026-12-03', '10:00'),
      at('2026-12-10', '12:00'),
      at('2026-12-17', '12:00'),
    ]);
    expect(after.map((b) => b.title)).toEqual(['Equipo', 'Equipo', 'Tarde', 'Tarde']);
  });

  it('"this and following" from a past occurrence skips the past ones after it too', async () => {
    const { agent, series } = await pastSeries(9 * DAY);
    const first = series.bookings[0] as Occurrence;
    await agent
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({ scope: 'following', bookingId: first.id, startTime: '16:00', endTime: '17:00' })
      .expect(200);
    expect(starts(await occurrences(agent, series.id))).toEqual([
      at('2026-11-26', '10:00'),
      at('2026-12-03', '10:00'),
      at('2026-12-10', '16:00'),
      at('2026-12-17', '16:00'),
    ]);
  });

  it('"all" leaves an occurrence that is under way as it is', async () => {
    // 10 Dec 10:30 Madrid: the third occurrence has started, the fourth has not.
    const { agent, series } = await pastSeries(15 * DAY + 30 * 60_000);
    const third = series.bookings[2] as Occurrence;
    await agent
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({ scope: 'all', bookingId: third.id, startTime: '12:00', endTime: '13:00' })
      .expect(200);
    expect(starts(await occurrences(agent, series.id))).toEqual([
      at('2026-11-26', '10:00'),
      at('2026-12-03', '10:00'),
      at('2026-12-10', '10:00'),
      at('2026-12-17', '12:00'),
    ]);
  });

  it('refuses with in-the-past on scope when every occurrence it reaches has started, changing nothing', async () => {
    // 18 Dec: the whole series is behind us.
    const { agent, series } = await pastSeries(23 * DAY);
    const last = series.bookings[3] as Occurrence;
    for (const scope of ['all', 'following']) {
      const edit = await agent
        .post(`/api/bookings/series/${series.id}/edit`)
        .send({ scope, bookingId: last.id, startTime: '12:00', endTime: '13:00' })
        .expect(400);
      expect(edit.body).toMatchObject({ code: 'in-the-past', field: 'scope' });
      const cancel = await agent
        .post(`/api/bookings/series/${series.id}/cancel`)
        .send({ scope, bookingId: last.id })
        .expect(400);
      expect(cancel.body).toMatchObject({ code: 'in-the-past', field: 'scope' });
    }
    const after = await occurrences(agent, series.id);
    expect(starts(after)).toEqual(starts(series.bookings));
    expect(statuses(after)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
  });
});

describe('series cancellations opened from a past occurrence', () => {
  it.each([
    ['all', 0],
    ['following', 0],
    ['following', 1],
  ] as const)('"%s" from occurrence %i cancels only the ones still to come', async (scope, index) => {
    const { agent, series } = await pastSeries(9 * DAY);
    const from = series.bookings[index] as Occurrence;
    const res = await agent
      .post(`/api/bookings/series/${series.id}/cancel`)
      .send({ scope, bookingId: from.id, reason: 'Se acaba el proyecto' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(statuses(await occurrences(agent, series.id))).toEqual([
      'confirmed',
      'confirmed',
      'cancelled',
      'cancelled',
    ]);
  });

  it('"this and following" from the next occurrence still works as before', async () => {
    const { agent, series } = await pastSeries(9 * DAY + 2 * HOUR);
    const third = series.bookings[2] as Occurrence;
    await agent
      .post(`/api/bookings/series/${series.id}/cancel`)
      .send({ scope: 'following', bookingId: third.id })
      .expect(200);
    expect(statuses(await occurrences(agent, series.id))).toEqual([
      'confirmed',
      'confirmed',
      'cancelled',
      'cancelled',
    ]);
  });
});

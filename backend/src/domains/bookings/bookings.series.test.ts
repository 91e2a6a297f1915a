import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

const at = (date: string, hhmm: string, offset = '+01:00') =>
  new Date(`${date}T${hhmm}:00${offset}`).toISOString();

async function setup() {
  const ctx = await ownerAgent();
  const room = await makeResource(ctx.agent, await defaultLocation(ctx.agent));
  return { ...ctx, room };
}

describe('recurring bookings', () => {
  it('previews conflicts, then books the series skipping the conflicting date', async () => {
    const { agent, room, deps } = await setup();
    const blocker = await agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: at('2026-12-03', '10:30'), endsAt: at('2026-12-03', '11:30') })
      .expect(201);
    const rule = {
      resourceId: room.id,
      startsAt: at('2026-11-26', '10:00'),
      endsAt: at('2026-11-26', '11:00'),
      rrule: 'FREQ=WEEKLY;COUNT=4',
    };
    const preview = await agent.post('/api/bookings/series/preview').send(rule).expect(200);
    expect(preview.body.occurrences.map((o: { date: string }) => o.date)).toEqual([
      '2026-11-26',
      '2026-12-03',
      '2026-12-10',
      '2026-12-17',
    ]);
    const conflicted = preview.body.occurrences.filter(
      (o: { conflicts: unknown[] }) => o.conflicts.length > 0,
    );
    expect(conflicted).toHaveLength(1);
    expect(conflicted[0]).toMatchObject({ date: '2026-12-03', conflicts: [{ id: blocker.body.id }] });
    expect(conflicted[0].freeSlots.length).toBeGreaterThan(0);

    const refused = await agent.post('/api/bookings/series').send(rule).expect(409);
    expect(refused.body).toMatchObject({ code: 'booking-conflict', field: 'occurrences.2026-12-03' });
    expect(await deps.db.selectFrom('bookings').select('id').execute()).toHaveLength(1);
    expect(await deps.db.selectFrom('booking_series').select('id').execute()).toHaveLength(0);

    const series = await agent
      .post('/api/bookings/series')
      .send({ ...rule, title: 'Daily stand-up', skip: ['2026-12-03'] })
      .expect(201);
    expect(series.body.bookings.map((b: { startsAt: string }) => b.startsAt)).toEqual([
      at('2026-11-26', '10:00'),
      at('2026-12-10', '10:00'),
      at('2026-12-17', '10:00'),
    ]);
    expect(series.body.exdates).toEqual(['2026-12-03']);
    const listed = await agent.get(`/api/bookings?seriesId=${series.body.id}`).expect(200);
    expect(listed.body.bookings).toHaveLength(3);
  });

  it('moves a conflicting occurrence instead of skipping it', async () => {
    const { agent, room } = await setup();
    await agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: at('2026-12-03', '10:30'), endsAt: at('2026-12-03', '11:30') })
      .expect(201);
    const series = await agent
      .post('/api/bookings/series')
      .send({
        resourceId: room.id,
        startsAt: at('2026-11-26', '10:00'),
        endsAt: at('2026-11-26', '11:00'),
        rrule: 'FREQ=WEEKLY;COUNT=3',
        moves: [
          { date: '2026-12-03', startsAt: at('2026-12-03', '12:00'), endsAt: at('2026-12-03', '13:00') },
        ],
      })
      .expect(201);
    expect(series.body.bookings.map((b: { startsAt: string }) => b.startsAt)).toEqual([
      at('2026-11-26', '10:00'),
      at('2026-12-03', '12:00'),
      at('2026-12-10', '10:00'),
    ]);
  });

  it('keeps 10:00 in Madrid for a weekly booking across the March DST change', async () => {
    const { agent, room } = await setup();
    const series = await agent
      .post('/api/bookings/series')
      .send({
        resourceId: room.id,
        startsAt: at('2027-03-18', '10:00'),
        endsAt: at('2027-03-18', '11:00'),
        rrule: 'FREQ=WEEKLY;UNTIL=20270408',
      })
      .expect(201);
    expect(series.body.bookings.map((b: { startsAt: string }) => b.startsAt)).toEqual([
      '2027-03-18T09:00:00.000Z',
      '2027-03-25T09:00:00.000Z',
      // Summer time from 28 March: 10:00 CEST is 08:00 UTC.
      '2027-04-01T08:00:00.000Z',
      '2027-04-08T08:00:00.000Z',
    ]);
  });

  it('edits this and the following occurrences, then cancels all', async () => {
    const { agent, room } = await setup();
    const series = (
      await agent
        .post('/api/bookings/series')
        .send({
          resourceId: room.id,
          startsAt: at('2026-11-26', '10:00'),
          endsAt: at('2026-11-26', '11:00'),
          rrule: 'FREQ=WEEKLY;COUNT=3',
        })
        .expect(201)
    ).body;
    const second = series.bookings[1];
    const edited = await agent
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({
        scope: 'following',
        bookingId: second.id,
        startTime: '16:00',
        endTime: '17:30',
        title: 'Tarde',
      })
      .expect(200);
    expect(
      edited.body.bookings.map((b: { startsAt: string; endsAt: string; title: string }) => [
        b.startsAt,
        b.title,
      ]),
    ).toEqual([
      [at('2026-11-26', '10:00'), ''],
      [at('2026-12-03', '16:00'), 'Tarde'],
      [at('2026-12-10', '16:00'), 'Tarde'],
    ]);
    const one = await agent
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({ scope: 'one', bookingId: series.bookings[0].id, startTime: '08:00' })
      .expect(200);
    expect(one.body.bookings[0]).toMatchObject({
      startsAt: at('2026-11-26', '08:00'),
      endsAt: at('2026-11-26', '11:00'),
    });
    const tooLate = await agent
      .post(`/api/bookings/series/${series.id}/edit`)
      .send({ scope: 'following', bookingId: second.id, endTime: '21:00' })
      .expect(400);
    expect(tooLate.body).toMatchObject({ code: 'outside-opening-hours', field: 'occurrences.2026-12-03' });
    const cancelled = await agent
      .post(`/api/bookings/series/${series.id}/cancel`)
      .send({ scope: 'all', bookingId: second.id })
      .expect(200);
    expect(cancelled.body.bookings.every((b: { status: string }) => b.status === 'cancelled')).toBe(true);
  });

  it.each([
    ['FREQ=HOURLY;COUNT=3', 'invalid-rrule'],
    ['FREQ=WEEKLY', 'invalid-rrule'],
    ['FREQ=DAILY;COUNT=600', 'series-too-long'],
  ])('refuses %s with %s on the rrule field', async (rrule, code) => {
    const { agent, room } = await setup();
    const body = {
      resourceId: room.id,
      startsAt: at('2026-11-26', '10:00'),
      endsAt: at('2026-11-26', '11:00'),
      rrule,
    };
    for (const url of ['/api/bookings/series/preview', '/api/bookings/series']) {
      const res = await agent.post(url).send(body).expect(400);
      expect(res.body).toMatchObject({ code, field: 'rrule' });
    }
  });
});

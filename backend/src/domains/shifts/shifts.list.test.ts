/**
 * The shifts history filters by calendar day, as the sales history does: days of the business's
 * time zone (Europe/Madrid here, UTC+1 in December), `from` and `to` both inclusive.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { ShiftView } from '../../contract/index.js';

/** Shifts opened (and closed) at each instant, on one register of a Madrid business. */
async function shiftsOpenedAt(instants: string[]) {
  const clock = fixedClock(instants[0]);
  // The session outlives the day and a half the shifts span.
  const { agent } = await ownerAgent(await testDeps(undefined, { clock, sessionTtlHours: 72 }));
  const ids: string[] = [];
  for (const at of instants) {
    clock.advance(new Date(at).getTime() - clock.now().getTime());
    const shift = (await agent.post('/api/shifts').send({ denominations: [] }).expect(201)).body as ShiftView;
    await agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 0 }] })
      .expect(200);
    ids.push(shift.id);
  }
  const list = async (query: string) =>
    ((await agent.get(`/api/shifts?${query}`).expect(200)).body.shifts as ShiftView[])
      .map((s) => s.id)
      .sort();
  return { ids, list };
}

describe('GET /api/shifts from/to', () => {
  it('lists the shifts opened on a day of the business when from and to are that day', async () => {
    const { ids, list } = await shiftsOpenedAt([
      '2026-12-07T22:30:00.000Z', // 23:30 on 7 Dec in Madrid
      '2026-12-07T23:30:00.000Z', // 00:30 on 8 Dec
      '2026-12-08T22:59:00.000Z', // 23:59 on 8 Dec
      '2026-12-08T23:00:00.000Z', // 00:00 on 9 Dec
    ]);
    const [late7, early8, late8, early9] = ids as [string, string, string, string];
    expect(await list('from=2026-12-08&to=2026-12-08')).toEqual([early8, late8].sort());
    expect(await list('from=2026-12-07&to=2026-12-07')).toEqual([late7]);
    expect(await list('from=2026-12-09&to=2026-12-09')).toEqual([early9]);
    expect(await list('from=2026-12-08')).toEqual([early8, late8, early9].sort());
    expect(await list('to=2026-12-08')).toEqual([late7, early8, late8].sort());
  });

  it('still takes a timestamp as the instant it names', async () => {
    const { ids, list } = await shiftsOpenedAt(['2026-12-07T22:30:00.000Z', '2026-12-07T23:30:00.000Z']);
    expect(await list('from=2026-12-07T23:00:00Z')).toEqual([ids[1]]);
    expect(await list('to=2026-12-07T23:00:00Z')).toEqual([ids[0]]);
  });
});

describe('GET /api/shifts with a range that ends before it starts', () => {
  const refused = async (agent: Awaited<ReturnType<typeof ownerAgent>>['agent'], query: string) => {
    const res = await agent.get(`/api/shifts?${query}`);
    expect([res.status, res.type], query).toEqual([400, 'application/problem+json']);
    expect([res.body.code, res.body.field], query).toEqual(['validation-failed', 'to']);
    expect(res.body.errors, query).toEqual([
      expect.objectContaining({ field: 'to', code: 'to-before-from' }),
    ]);
  };

  it('refuses it with 400 to-before-from on `to`, as the sales list does, instead of an empty list', async () => {
    const { agent } = await ownerAgent(await testDeps());
    await refused(agent, 'from=2026-11-26&to=2026-11-25');
    await refused(agent, 'from=2026-12-08T10:00:00Z&to=2026-12-08T09:59:59Z');
    // A day and an instant: 22:00Z on 7 Dec is 23:00 on the 7th in Madrid, before the 8th starts.
    await refused(agent, 'from=2026-12-08&to=2026-12-07T22:00:00Z');
  });

  it('still lists a one-day range and a range given as equal instants', async () => {
    const { ids, list } = await shiftsOpenedAt(['2026-12-07T23:30:00.000Z']); // 00:30 on 8 Dec in Madrid
    expect(await list('from=2026-12-08&to=2026-12-08')).toEqual(ids);
    expect(await list('from=2026-12-08&to=2026-12-07T23:30:00Z')).toEqual([]);
    expect(await list('from=2026-12-07T23:30:00Z&to=2026-12-07T23:30:00Z')).toEqual([]);
  });
});

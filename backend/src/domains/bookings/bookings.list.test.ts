/**
 * The bookings list in pages: a calendar or list that follows `next` gets every
 * booking of its period once, in time order, however many there are (before,
 * everything after the first 1,000 was silently left out); `total` says how
 * many match. Pages never reach another business's bookings.
 */
import type TestAgent from 'supertest/lib/agent.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { BookingListPage } from '../../contract/bookings.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';

// The test clock: Wednesday 2026-11-25 10:00 UTC; the business is in Madrid (UTC+1).
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();
const THU = '2026-11-26';

/** Every page of a list query, following `next` as the calendar does. */
async function allPages(agent: TestAgent, query: Record<string, string | number>) {
  const pages: BookingListPage[] = [];
  let after: string | undefined;
  do {
    const res = await agent
      .get('/api/bookings')
      .query(after ? { ...query, after } : query)
      .expect(200);
    pages.push(res.body as BookingListPage);
    after = (res.body as BookingListPage).next ?? undefined;
  } while (after && pages.length < 50);
  return pages;
}

let dialect: 'sqlite' | 'postgres' = 'sqlite';
const setup = async () =>
  ownerAgent(dialect === 'postgres' ? await testDeps(await freshPostgres()) : undefined);

describe.each(['sqlite', 'postgres'] as const)('the bookings list, page by page, on %s', (db) => {
  beforeAll(() => {
    dialect = db;
  });

  it('a busy day comes whole across pages: every booking once, in time order, with the total', async () => {
    const { agent } = await setup();
    const loc = await defaultLocation(agent);
    const desks = await makeResource(agent, loc, { type: 'hot_desk', name: 'Open space', capacity: 20 });
    const room = await makeResource(agent, loc, { name: 'Sala Sur' });
    const made: string[] = [];
    // Seven desks at 09:00 (ties on the start: the page boundary falls among them), four at 10:00, one room.
    for (const [from, to, n] of [
      ['09:00', '10:00', 7],
      ['10:00', '11:00', 4],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const res = await agent
          .post('/api/bookings')
          .send({ resourceId: desks.id, startsAt: at(THU, from), endsAt: at(THU, to) })
          .expect(201);
        made.push(res.body.id);
      }
    }
    const r = await agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: at(THU, '12:00'), endsAt: at(THU, '13:00') })
      .expect(201);
    made.push(r.body.id);
    // Outside the day: not in the period.
    await agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: at('2026-11-27', '12:00'), endsAt: at('2026-11-27', '13:00') })
      .expect(201);

    const day = { locationId: loc, from: at(THU, '00:00'), to: at('2026-11-27', '00:00') };
    const pages = await allPages(agent, { ...day, limit: 3 });
    expect(pages.map((p) => p.bookings.length)).toEqual([3, 3, 3, 3]);
    expect(pages.at(-1)?.next).toBeNull();
    for (const p of pages) expect(p.total).toBe(12);
    const listed = pages.flatMap((p) => p.bookings);
    expect(listed.map((b) => b.id).sort()).toEqual([...made].sort());
    const starts = listed.map((b) => b.startsAt);
    expect(starts).toEqual([...starts].sort());

    // One page when it all fits: no next page to ask for.
    const whole = (await agent.get('/api/bookings').query(day).expect(200)).body as BookingListPage;
    expect(whole.bookings).toHaveLength(12);
    expect(whole.next).toBeNull();
    expect(whole.total).toBe(12);
  });

  it("another business's bookings are in no page and no total", async () => {
    const { agent, app, deps } = await setup();
    const room = await makeResource(agent, await defaultLocation(agent));
    for (const h of ['15:00', '16:00', '17:00']) {
      const end = `${String(Number(h.slice(0, 2)) + 1).padStart(2, '0')}:00`;
      await agent
        .post('/api/bookings')
        .send({ resourceId: room.id, startsAt: at(THU, h), endsAt: at(THU, end) })
        .expect(201);
    }
    const tenantB = await addBusiness(deps, 'Otra');
    await addMember(deps, tenantB, { email: 'b@b.example', role: 'OWNER' });
    const b = await signedInAgent(app, 'b@b.example');
    const roomB = await makeResource(b, await defaultLocation(b), { name: 'Room B' });
    // Same instants as two of A's (9:00 and 10:00 in New York): B's own two only.
    for (const h of ['15:00', '16:00']) {
      const end = `${String(Number(h.slice(0, 2)) + 1).padStart(2, '0')}:00`;
      await b
        .post('/api/bookings')
        .send({ resourceId: roomB.id, startsAt: at(THU, h), endsAt: at(THU, end) })
        .expect(201);
    }
    const pagesA = await allPages(agent, { limit: 1 });
    expect(pagesA.flatMap((p) => p.bookings.map((x) => x.resourceId))).toEqual([room.id, room.id, room.id]);
    expect(pagesA[0]?.total).toBe(3);
    const pagesB = await allPages(b, { limit: 1 });
    expect(pagesB.flatMap((p) => p.bookings.map((x) => x.resourceId))).toEqual([roomB.id, roomB.id]);
    expect(pagesB[0]?.total).toBe(2);
    // A's cursor handed to B still lists only B's bookings after that point.
    const first = pagesA[0] as BookingListPage;
    const crossed = await b
      .get('/api/bookings')
      .query({ after: first.next as string })
      .expect(200);
    expect(crossed.body.bookings.every((x: { resourceId: string }) => x.resourceId === roomB.id)).toBe(true);
  });

  it('a cursor that is not one is a 400 on after', async () => {
    const { agent } = await setup();
    for (const after of ['nonsense', '2026-11-26T09:00:00Z|', 'tomorrow|abc']) {
      const res = await agent.get('/api/bookings').query({ after }).expect(400);
      expect(JSON.stringify(res.body)).toContain('after');
      expect(JSON.stringify(res.body)).toContain('invalid-cursor');
    }
  });
});

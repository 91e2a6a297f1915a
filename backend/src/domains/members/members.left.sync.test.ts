/**
 * "Left" members are refused new bookings where the booking is made (console
 * or hub API), not on the hub's replay: a booking a console made offline
 * before the member was marked left on the hub still lands there.
 */
import { describe, expect, it } from 'vitest';
import { defaultLocation, makeResource } from '../bookings/bookings.fixtures.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+01:00`).toISOString();

describe('a member marked left on the hub while a console was offline', () => {
  it('keeps the booking the console made before, and refuses new ones on both sides', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const room = await makeResource(a.agent, await defaultLocation(a.agent));
    const m = (await a.agent.post('/api/members').send({ name: 'Lucía' }).expect(201)).body.id as string;
    await a.sync();

    // Offline: the console books Lucía; meanwhile the hub marks her as left.
    a.net.state.down = true;
    const offline = await a.agent
      .post('/api/bookings')
      .send({
        resourceId: room.id,
        memberId: m,
        startsAt: at('2026-11-30', '09:00'),
        endsAt: at('2026-11-30', '10:00'),
      })
      .expect(201);
    await hub.owner.agent.patch(`/api/members/${m}`).send({ status: 'left' }).expect(200);
    const onHub = await hub.owner.agent.post('/api/bookings').send({
      resourceId: room.id,
      memberId: m,
      startsAt: at('2026-12-01', '09:00'),
      endsAt: at('2026-12-01', '10:00'),
    });
    expect([onHub.status, onHub.body.code]).toEqual([409, 'member-left']);

    a.net.state.down = false;
    await a.sync();
    await a.sync();
    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    const replayed = await hub.db
      .selectFrom('bookings')
      .select(['id', 'member_id', 'status'])
      .where('id', '=', offline.body.id)
      .executeTakeFirst();
    expect(replayed).toMatchObject({ member_id: m });
    expect(replayed?.status).not.toBe('rejected');

    // The console now knows she left: a new booking there is refused too.
    const again = await a.agent.post('/api/bookings').send({
      resourceId: room.id,
      memberId: m,
      startsAt: at('2026-12-02', '09:00'),
      endsAt: at('2026-12-02', '10:00'),
    });
    expect([again.status, again.body.code]).toEqual([409, 'member-left']);
  });
});

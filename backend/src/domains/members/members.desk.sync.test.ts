/**
 * A fixed desk is checked where the membership is started (console or hub API), not on the
 * hub's replay: two counters that gave the same desk offline both keep their membership (the
 * staff sort the desk out), instead of the second one's op being refused.
 */
import { describe, expect, it } from 'vitest';
import type { PlanView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

describe('two counters giving the same desk offline', () => {
  it('both memberships reach the hub; a new one asking for that desk is still refused', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const b = await linkedConsole(hub, 'Planta 2');
    const fixed = (
      await a.agent
        .post('/api/membership-plans')
        .send({
          name: 'Fixed',
          period: 'month',
          price: 20_000,
          taxRateBp: 2100,
          fixedDesk: true,
          includedHours: [],
        })
        .expect(201)
    ).body as PlanView;
    const lucia = (await a.agent.post('/api/members').send({ name: 'Lucía' }).expect(201)).body.id as string;
    const bea = (await a.agent.post('/api/members').send({ name: 'Bea' }).expect(201)).body.id as string;
    const carla = (await a.agent.post('/api/members').send({ name: 'Carla' }).expect(201)).body.id as string;
    await a.sync();
    await b.sync();

    a.net.state.down = true;
    b.net.state.down = true;
    const desk = { planId: fixed.id, startsOn: '2026-11-25', deskLabel: 'D-12' };
    const onA = await a.agent.post(`/api/members/${lucia}/memberships`).send(desk).expect(201);
    const onB = await b.agent.post(`/api/members/${bea}/memberships`).send(desk).expect(201);
    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();

    expect(await b.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    const onHub = await hub.db
      .selectFrom('member_memberships')
      .select(['id', 'desk_label'])
      .where('desk_label', '=', 'D-12')
      .orderBy('id')
      .execute();
    expect(onHub).toEqual(
      [
        { id: onA.body.id, desk_label: 'D-12' },
        { id: onB.body.id, desk_label: 'D-12' },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );

    // Made live (the hub's screens), the desk is still one membership's.
    const third = await hub.owner.agent.post(`/api/members/${carla}/memberships`).send(desk);
    expect([third.status, third.body.code, third.body.field]).toEqual([409, 'desk-taken', 'deskLabel']);
  });
});

/**
 * Undoing a cancellation made on a console reaches the hub as the other membership commands do:
 * the op is replayed there and the membership renews on the hub too.
 */
import { describe, expect, it } from 'vitest';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

describe('undoing a cancellation on a console', () => {
  it('is replayed on the hub: the membership there has no end date again', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const plan = await a.agent
      .post('/api/membership-plans')
      .send({ name: 'Flex', period: 'month', price: 10_000, taxRateBp: 2100, includedHours: [] })
      .expect(201);
    const m = (await a.agent.post('/api/members').send({ name: 'Lucía' }).expect(201)).body.id as string;
    const ms = await a.agent
      .post(`/api/members/${m}/memberships`)
      .send({ planId: plan.body.id, startsOn: '2026-11-25' })
      .expect(201);
    await a.agent.post(`/api/memberships/${ms.body.id}/cancel`).send({}).expect(200);
    await a.sync();
    const endsOn = () =>
      hub.db
        .selectFrom('member_memberships')
        .select('ends_on')
        .where('id', '=', ms.body.id)
        .executeTakeFirstOrThrow();
    expect(await endsOn()).toEqual({ ends_on: '2026-12-25' });

    a.net.state.down = true;
    await a.agent.post(`/api/memberships/${ms.body.id}/undo-cancel`).send({}).expect(200);
    a.net.state.down = false;
    await a.sync();
    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 0 });
    expect(await endsOn()).toEqual({ ends_on: null });
  });
});

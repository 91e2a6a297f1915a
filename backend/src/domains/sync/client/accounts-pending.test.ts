/**
 * The accounts refresh never overwrites a membership changed here by an op still waiting to be
 * pushed (as pull holds such rows): a cashier deactivated at this console must not sign in again
 * because the hub has not heard of it yet. Real hub (Postgres, HTTP) and console (SQLite file).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addMember } from '../../../../test/helpers.js';
import { linkedConsole, startHub } from './sync-harness.js';

describe('accounts refresh with a membership change waiting to be pushed', () => {
  it('keeps the local change until the hub has it, while other memberships follow the hub', async () => {
    const hub = await startHub();
    const cashierId = await addMember(hub.deps, hub.tenantId, { email: 'caja@example.com', role: 'STAFF' });
    const otherId = await addMember(hub.deps, hub.tenantId, { email: 'otra@example.com', role: 'STAFF' });
    const a = await linkedConsole(hub, 'Caja A');
    await a.agent.post(`/api/users/${cashierId}/deactivate`).expect(200);
    // The hub takes no push for a while (5xx); its other endpoints answer.
    a.net.state.intercept = (url) =>
      url.includes('/sync/push')
        ? new Response('{"code":"boom","status":503}', {
            status: 503,
            headers: { 'content-type': 'application/problem+json' },
          })
        : null;
    // Meanwhile the office deactivates someone else.
    await hub.owner.agent.post(`/api/users/${otherId}/deactivate`).expect(200);
    await a.sync();

    expect((await a.status()).pendingOps).toBe(1);
    const statusOf = async (userId: string) =>
      (
        await a.deps.db
          .selectFrom('memberships')
          .select('status')
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await statusOf(cashierId)).toBe('deactivated');
    expect(await statusOf(otherId)).toBe('deactivated');
    const login = await request(a.app)
      .post('/api/auth/login')
      .send({ email: 'caja@example.com', password: 'member-password-1' });
    expect(login.status).not.toBe(200);

    // The hub takes the push: the change is the hub's too, and later refreshes keep it.
    a.net.state.intercept = null;
    await a.sync();
    await a.sync();
    expect((await a.status()).pendingOps).toBe(0);
    const onHub = await hub.db
      .selectFrom('memberships')
      .select('status')
      .where('user_id', '=', cashierId)
      .executeTakeFirstOrThrow();
    expect(onHub.status).toBe('deactivated');
    expect(await statusOf(cashierId)).toBe('deactivated');
  });

  it('lets the hub reactivate a cashier once nothing of this console is pending about her', async () => {
    const hub = await startHub();
    const cashierId = await addMember(hub.deps, hub.tenantId, { email: 'caja@example.com', role: 'STAFF' });
    const a = await linkedConsole(hub, 'Caja A');
    await a.agent.post(`/api/users/${cashierId}/deactivate`).expect(200);
    await a.sync();
    await hub.owner.agent.post(`/api/users/${cashierId}/reactivate`).expect(200);
    await a.sync();
    const m = await a.deps.db
      .selectFrom('memberships')
      .select('status')
      .where('user_id', '=', cashierId)
      .executeTakeFirstOrThrow();
    expect(m.status).toBe('active');
  });
});

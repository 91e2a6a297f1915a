/**
 * Staff PINs on enrolled consoles. A PIN is stored as an HMAC keyed by the
 * install's own secret, so it lives on the console that stored it and never
 * syncs (migration 0024). It used to sit in the synced memberships row, and
 * the hub's copy (empty) came back over it: the periodic divergence check
 * found memberships "different" and pulled it again, and so did any change to
 * the member made elsewhere — the PIN was gone.
 */
import { describe, expect, it } from 'vitest';
import { addMember, signedInAgent } from '../../../../test/helpers.js';
import { checkDivergence } from './divergence.js';
import { findSyncLink } from './link.js';
import { type LinkedConsole, linkedConsole, PASSWORD, startHub } from './sync-harness.js';

const MEMBER_PASSWORD = 'member-password-1';

async function switchTo(c: LinkedConsole, pin: string) {
  return (await c.agent.post('/api/session/pin').send({ pin })).status;
}

describe('staff PINs on enrolled consoles', () => {
  it('a PIN set on a console keeps working through syncs, divergence checks and changes to the member made elsewhere', async () => {
    const hub = await startHub();
    // Every sync round also compares with the hub, as the console does every ten minutes.
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0 });
    const b = await linkedConsole(hub, 'Caja B', { divergenceEveryMs: 0 });
    const beaId = await addMember(hub.deps, hub.tenantId, { email: 'bea@example.com', role: 'ADMIN' });
    await a.sync();
    await b.sync();

    await a.agent.put('/api/me/pin').send({ pin: '4321', currentPassword: PASSWORD }).expect(204);
    const bea = await signedInAgent(a.app, 'bea@example.com', MEMBER_PASSWORD);
    await bea.put('/api/me/pin').send({ pin: '8642', currentPassword: MEMBER_PASSWORD }).expect(204);
    expect(await switchTo(a, '8642')).toBe(200);
    await a.agent.delete('/api/session/pin').expect(200);

    await a.sync();
    const link = await findSyncLink(a.deps.db, hub.tenantId);
    if (!link) throw new Error('not linked');
    expect(await checkDivergence(a.deps, link, a.token, a.net.fetch)).toEqual({
      kind: 'checked',
      divergent: [],
    });

    // Bea's role changed on another counter, and back: her membership row comes down twice.
    await b.agent.patch(`/api/users/${beaId}/role`).send({ role: 'STAFF' }).expect(200);
    await b.agent.patch(`/api/users/${beaId}/role`).send({ role: 'ADMIN' }).expect(200);
    await b.sync();
    await a.sync();
    const members = (await a.agent.get('/api/users').expect(200)).body.members as {
      email: string;
      role: string;
      hasPin: boolean;
    }[];
    expect(members.map((m) => [m.email, m.role, m.hasPin]).sort()).toEqual([
      ['ana@example.com', 'OWNER', true],
      ['bea@example.com', 'ADMIN', true],
    ]);
    expect(await switchTo(a, '8642')).toBe(200);
    expect(await switchTo(a, '4321')).toBe(200);

    // The PINs stay on console A: B has none, and a PIN set on B does not reach A.
    expect(await switchTo(b, '4321')).toBe(401);
    await b.agent.put('/api/me/pin').send({ pin: '1357', currentPassword: PASSWORD }).expect(204);
    await b.sync();
    await a.sync();
    expect(await switchTo(b, '1357')).toBe(200);
    expect(await switchTo(a, '1357')).toBe(401);
    expect(await hub.db.selectFrom('member_pins').selectAll().execute()).toEqual([]);
  });

  it('a member removed on another counter can no longer use the PIN they set here', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const beaId = await addMember(hub.deps, hub.tenantId, { email: 'bea@example.com', role: 'ADMIN' });
    await a.sync();
    await b.sync();
    const bea = await signedInAgent(a.app, 'bea@example.com', MEMBER_PASSWORD);
    await bea.put('/api/me/pin').send({ pin: '8642', currentPassword: MEMBER_PASSWORD }).expect(204);
    expect(await switchTo(a, '8642')).toBe(200);
    await a.agent.delete('/api/session/pin').expect(200);

    await b.agent.delete(`/api/users/${beaId}`).expect(204);
    await b.sync();
    await a.sync();
    expect(await switchTo(a, '8642')).toBe(401);
  });
});

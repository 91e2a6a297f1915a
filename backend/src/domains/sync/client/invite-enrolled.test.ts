/**
 * People are invited on the hub, not on an enrolled console: an acceptance does not sync, so a
 * person taken in at a register would exist only there and the hub would refuse everything they
 * did (`actor-unknown`). Real hub (Postgres, HTTP) and console (SQLite file).
 */
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../auth/sessions.js';
import { linkedConsole, startHub } from './sync-harness.js';

describe('invitations on a console enrolled with a hub', () => {
  it('refuses inviting at the register with invite-on-hub, and the hub invites as before', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');

    const here = await a.agent.post('/api/invitations').send({ email: 'nueva@example.com', role: 'STAFF' });
    expect([here.status, here.body.code, here.body.field]).toEqual([409, 'invite-on-hub', 'email']);
    expect((await a.agent.get('/api/invitations').expect(200)).body.invitations).toEqual([]);

    const onHub = await hub.owner.agent
      .post('/api/invitations')
      .send({ email: 'nueva@example.com', role: 'STAFF' })
      .expect(201);
    expect(onHub.body.email).toBe('nueva@example.com');
  });

  it('refuses taking in, or resending to, someone invited at the register before it enrolled', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const token = 'tok-'.padEnd(40, 'x');
    const now = a.deps.clock.now().toISOString();
    const invitationId = a.deps.newId();
    await a.deps.db
      .insertInto('invitations')
      .values({
        id: invitationId,
        tenant_id: hub.tenantId,
        email: 'antes@example.com',
        role: 'STAFF',
        token_hash: hashToken(token),
        invited_by: hub.ownerId,
        created_at: now,
        expires_at: new Date(Date.parse(now) + 86_400_000).toISOString(),
        accepted_at: null,
        revoked_at: null,
      })
      .execute();

    const resent = await a.agent.post(`/api/invitations/${invitationId}/resend`).send({});
    expect([resent.status, resent.body.code, resent.body.field]).toEqual([
      409,
      'invite-on-hub',
      'invitationId',
    ]);
    const accepted = await a.agent
      .post('/api/invitations/accept')
      .send({ token, name: 'Antes', password: 'very-strong-pass-42' });
    expect([accepted.status, accepted.body.code, accepted.body.field]).toEqual([
      409,
      'invite-on-hub',
      'token',
    ]);
    const account = await a.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'antes@example.com')
      .executeTakeFirst();
    expect(account).toBe(undefined);
  });
});

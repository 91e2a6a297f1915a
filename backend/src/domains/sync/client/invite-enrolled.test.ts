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
    expect(here.status).toBe(409);
    expect(here.body.code).toBe('invite-on-hub');
    expect((await a.agent.get('/api/invitations').expect(200)).body.invitations).toEqual([]);

    const onHub = await hub.owner.agent
      .post('/api/invitations')
      .send({ email: 'nueva@example.com', role: 'STAFF' })
      .expect(201);
    expect(onHub.body.email).toBe('nueva@example.com');
  });

  it('refuses taking in, at the register, someone invited there before it enrolled', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const token = 'tok-'.padEnd(40, 'x');
    const now = a.deps.clock.now().toISOString();
    await a.deps.db
      .insertInto('invitations')
      .values({
        id: a.deps.newId(),
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

    const accepted = await a.agent
      .post('/api/invitations/accept')
      .send({ token, name: 'Antes', password: 'very-strong-pass-42' });
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('invite-on-hub');
    const account = await a.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'antes@example.com')
      .executeTakeFirst();
    expect(account).toBe(undefined);
  });
});

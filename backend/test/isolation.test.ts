import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { hashToken, newToken } from '../src/domains/auth/sessions.js';
import { addBusiness, addMember, ownerAgent, signedInAgent } from './helpers.js';
import { registeredRoutes } from './routes.js';

/**
 * Generated isolation check: every route that takes an id is asked, by the
 * owner of business A, for a row of business B. The answer must be 404 (or
 * 403 where the route is not for tenant users at all) and must not contain
 * B's data. A new route with an id fails here until it gets a case below.
 */
describe('tenant isolation across every route that takes an id', () => {
  it("never reads or changes another business's rows", async () => {
    const a = await ownerAgent();
    const { deps } = a;
    const tenantB = await addBusiness(deps, 'Secreto B');
    const userB = await addMember(deps, tenantB, {
      email: 'secret-b@b.example',
      role: 'OWNER',
      name: 'Secreto Usuario',
    });
    const agentB = await signedInAgent(a.app, 'secret-b@b.example');
    await agentB.get('/api/session').expect(200);
    const sessionB = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userB)
      .executeTakeFirstOrThrow();
    const now = deps.clock.now().toISOString();
    const invitationB = deps.newId();
    const inviteToken = newToken();
    await deps.db
      .insertInto('invitations')
      .values({
        id: invitationB,
        tenant_id: tenantB,
        email: 'new-b@b.example',
        role: 'STAFF',
        token_hash: hashToken(inviteToken),
        invited_by: userB,
        created_at: now,
        expires_at: '2099-01-01T00:00:00.000Z',
        accepted_at: null,
        revoked_at: null,
      })
      .execute();

    /** Which of B's ids to put in each route; `null` marks a route whose parameter is not a tenant row id. */
    const idFor = (path: string): string | null => {
      if (path.includes(':userId')) return userB;
      if (path.startsWith('/api/sessions/:id')) return sessionB.id;
      if (path.startsWith('/api/invitations/:id')) return invitationB;
      if (path.startsWith('/api/platform/tenants/:id')) return tenantB;
      if (path.startsWith('/api/invitations/accept/:token')) return null;
      throw new Error(`No isolation case for ${path}: add one to backend/test/isolation.test.ts`);
    };

    const routes = registeredRoutes(createApp(deps)).filter((r) => r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(5);
    const checked: string[] = [];
    for (const route of routes) {
      const id = idFor(route.path);
      if (id === null) continue;
      const url = route.path.replace(/:\w+/, id);
      const res = await a.agent[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](
        url,
      ).send({
        role: 'STAFF',
        action: 'suspend',
        plan: 'pro',
        reason: 'isolation probe',
      });
      expect([403, 404], `${route.method} ${route.path} answered ${res.status}`).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toMatch(/Secreto|secret-b|new-b@b/);
      checked.push(`${route.method} ${route.path}`);
    }
    expect(checked.length).toBeGreaterThan(5);

    const membership = await deps.db
      .selectFrom('memberships')
      .select(['role', 'status'])
      .where('user_id', '=', userB)
      .executeTakeFirstOrThrow();
    expect(membership).toEqual({ role: 'OWNER', status: 'active' });
    const tenant = await deps.db
      .selectFrom('tenants')
      .select(['status', 'plan'])
      .where('id', '=', tenantB)
      .executeTakeFirstOrThrow();
    expect(tenant).toEqual({ status: 'active', plan: 'free' });
    const invitation = await deps.db
      .selectFrom('invitations')
      .select(['revoked_at'])
      .where('id', '=', invitationB)
      .executeTakeFirstOrThrow();
    expect(invitation.revoked_at).toBeNull();
    await agentB.get('/api/session').expect(200);
  });
});

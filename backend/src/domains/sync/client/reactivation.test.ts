import { describe, expect, it } from 'vitest';
import { addSuperadmin, signedInAgent } from '../../../../test/helpers.js';
import { linkedConsole, startHub } from './sync-harness.js';

describe('a suspension or reactivation reaching a console', () => {
  it('lets the console write as soon as an automatic round pulled the business active again', async () => {
    const hub = await startHub();
    await addSuperadmin(hub.deps);
    const root = await signedInAgent(hub.owner.app, 'root@mostrador.app', 'platform-pass-1');
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0, debounceMs: 1 });
    const status = (action: string, reason: string) =>
      root.post(`/api/platform/tenants/${hub.tenantId}/status`).send({ action, reason }).expect(200);
    await status('suspend', 'Impago');
    await a.sync(); // "Sync now": pulls the suspension and a suspended permit
    expect((await a.agent.post('/api/catalog/categories').send({ name: 'X' })).body.code).toBe(
      'tenant-suspended',
    );

    await status('reactivate', 'Pagado');
    // An automatic round (the change stream's), not "Sync now": the accounts' once-a-minute
    // refresh, which also renews the permit, has just run and does not run again.
    a.client.opsRecorded(hub.tenantId);
    const pulledActive = async () =>
      (await a.agent.get('/api/session').expect(200)).body.tenant.status === 'active';
    for (let i = 0; i < 200 && !(await pulledActive()); i++) await new Promise((r) => setTimeout(r, 50));
    while (a.client.inFlight(hub.tenantId)) await new Promise((r) => setTimeout(r, 50));
    expect(await pulledActive()).toBe(true);
    const res = await a.agent.post('/api/catalog/categories').send({ name: 'Bebidas' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

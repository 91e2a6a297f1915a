import { describe, expect, it } from 'vitest';
import { hubWithOwner } from '../../../test/hub.js';
import type { HubDeviceView } from '../../contract/index.js';
import { hubRequest } from './client/hub-http.js';
import { findSyncLink } from './client/link.js';
import { pullAll } from './client/pull-apply.js';
import { linkedConsole, startHub } from './client/sync-harness.js';
import { reportedPending } from './device-auth.js';
import { outboxSummary } from './sync.queries.js';

async function devices(h: Awaited<ReturnType<typeof hubWithOwner>>): Promise<HubDeviceView[]> {
  return (await h.agent.get('/api/sync/devices').expect(200)).body.devices;
}

describe('pending ops per device on the hub', () => {
  it('records the count a device reports on its requests, and lists it for the owner', async () => {
    const h = await hubWithOwner();
    const caja1 = await h.enroll('Caja 1');
    const caja2 = await h.enroll('Caja 2');

    // Before any report: zero and never reported.
    let listed = await devices(h);
    expect(listed.map((d) => [d.name, d.pendingOps, d.pendingReportedAt])).toEqual([
      ['Caja 1', 0, null],
      ['Caja 2', 0, null],
    ]);

    await h.pull(caja1.token).set('x-mostrador-pending', '7').expect(200);
    listed = await devices(h);
    const one = listed.find((d) => d.id === caja1.deviceId);
    expect(one?.pendingOps).toBe(7);
    expect(one?.pendingReportedAt).toBe(h.deps.clock.now().toISOString());
    // The other device's count is its own.
    expect(listed.find((d) => d.id === caja2.deviceId)?.pendingOps).toBe(0);

    // A later report replaces it; a drained outbox reads 0.
    await h.pull(caja1.token).set('x-mostrador-pending', '0').expect(200);
    expect((await devices(h)).find((d) => d.id === caja1.deviceId)?.pendingOps).toBe(0);

    // A request without the header (an older console) leaves the last report alone.
    await h.pull(caja2.token).set('x-mostrador-pending', '3').expect(200);
    await h.pull(caja2.token).expect(200);
    expect((await devices(h)).find((d) => d.id === caja2.deviceId)?.pendingOps).toBe(3);
  });

  it('ignores a malformed count and still serves the pull', async () => {
    const h = await hubWithOwner();
    const caja = await h.enroll();
    await h.pull(caja.token).set('x-mostrador-pending', '-4').expect(200);
    await h.pull(caja.token).set('x-mostrador-pending', 'lots').expect(200);
    const [device] = await devices(h);
    expect(device?.pendingOps).toBe(0);
    expect(device?.pendingReportedAt).toBeNull();
  });

  it('a revoked device cannot report anything', async () => {
    const h = await hubWithOwner();
    const caja = await h.enroll();
    await h.agent.post(`/api/sync/devices/${caja.deviceId}/revoke`).expect(200);
    await h.pull(caja.token).set('x-mostrador-pending', '5').expect(401);
    const [device] = await devices(h);
    expect(device?.pendingOps).toBe(0);
    expect(device?.revokedAt).not.toBeNull();
  });
});

describe('reportedPending', () => {
  it('accepts only plain non-negative integers', () => {
    expect(reportedPending(undefined)).toBeNull();
    expect(reportedPending('12')).toBe(12);
    expect(reportedPending(' 0 ')).toBe(0);
    expect(reportedPending('-1')).toBeNull();
    expect(reportedPending('1.5')).toBeNull();
    expect(reportedPending('1e3')).toBeNull();
    expect(reportedPending('9999999999')).toBeNull();
  });
});

describe('console hub requests', () => {
  it('send the outbox size next to the schema version when given', async () => {
    const seen: Headers[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers));
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    await hubRequest(fakeFetch, 'http://hub.test', '/sync/pull', 't'.repeat(30), { pendingOps: 4 });
    await hubRequest(fakeFetch, 'http://hub.test', '/sync/pull', 't'.repeat(30));
    expect(seen[0]?.get('x-mostrador-pending')).toBe('4');
    expect(seen[0]?.get('x-mostrador-schema')).toBeTruthy();
    expect(seen[1]?.has('x-mostrador-pending')).toBe(false);
  });
});

describe('a real console against a real hub', () => {
  it('reports its outbox on pull: the owner sees the changes waiting, then none after they went up', async () => {
    const hub = await startHub();
    // No round of its own in between: the test says when the console pushes and pulls.
    const caja = await linkedConsole(hub, 'Caja A', { debounceMs: 3_600_000 });
    const listed = async () =>
      ((await hub.owner.agent.get('/api/sync/devices').expect(200)).body.devices as HubDeviceView[])[0];
    // Enrollment's first round reported an empty outbox.
    expect((await listed())?.pendingOps).toBe(0);
    expect((await listed())?.pendingReportedAt).not.toBeNull();

    for (const sku of ['AGUA-1', 'CAFE-1']) {
      await caja.agent
        .post('/api/catalog/products')
        .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000 })
        .expect(201);
    }
    const waiting = (await outboxSummary(caja.deps.db, hub.tenantId)).pendingOps;
    expect(waiting).toBeGreaterThanOrEqual(2);
    // A pull alone (as after a push the hub refused) tells the hub what still waits.
    const link = await findSyncLink(caja.deps.db, hub.tenantId);
    if (!link) throw new Error('no sync link');
    expect((await pullAll(caja.deps, link, caja.token, { fetch: caja.net.fetch })).kind).toBe('done');
    expect((await listed())?.pendingOps).toBe(waiting);

    await caja.sync();
    expect((await caja.status()).pendingOps).toBe(0);
    expect((await listed())?.pendingOps).toBe(0);
  });
});

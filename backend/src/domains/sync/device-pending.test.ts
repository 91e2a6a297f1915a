import { describe, expect, it } from 'vitest';
import { hubWithOwner } from '../../../test/hub.js';
import type { HubDeviceView } from '../../contract/index.js';
import { hubRequest } from './client/hub-http.js';
import { reportedPending } from './device-auth.js';

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

/**
 * The owner's device list on the hub shows how many of each console's changes have not reached
 * the hub, as the console reports it on its pulls (x-mostrador-pending). A change that died after
 * the hub kept refusing it, or that the hub set aside, is not on the hub either: it is counted,
 * not hidden behind "0 pending".
 */
import { describe, expect, it } from 'vitest';
import type { HubDeviceView } from '../../../contract/index.js';
import { MAX_ATTEMPTS } from './push-loop.js';
import {
  type Hub,
  type LinkedConsole,
  linkedConsole,
  startHub,
  writtenByNewerSchema,
} from './sync-harness.js';

async function product(c: LinkedConsole, sku: string) {
  await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000, barcodes: [] })
    .expect(201);
}

async function listedPending(hub: Hub, deviceId: string) {
  const devices = (await hub.owner.agent.get('/api/sync/devices').expect(200)).body
    .devices as HubDeviceView[];
  return devices.find((d) => d.id === deviceId)?.pendingOps;
}

describe("a console's changes that never reached the hub, on the hub's device list", () => {
  it('a dead change is counted while it stays dead, and not once retried and delivered', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    // The hub refuses this console's pushes (only) until the change dies.
    a.net.state.intercept = (url) =>
      url.includes('/sync/push')
        ? new Response(
            JSON.stringify({ code: 'payload-refused', status: 400, detail: 'This op is refused' }),
            {
              status: 400,
              headers: { 'content-type': 'application/problem+json' },
            },
          )
        : null;
    await product(a, 'MUERTO-1');
    for (let i = 0; i < MAX_ATTEMPTS; i++) await a.sync();
    await a.sync();
    expect(await a.status()).toMatchObject({ deadLetters: 1, pendingOps: 0 });
    expect(await listedPending(hub, a.deps.deviceId)).toBe(1);

    // Retried once the hub takes it: it goes up, and the hub lists none left.
    a.net.state.intercept = null;
    await a.agent
      .post('/api/sync/dead-letters/retry-all')
      .expect((res) => expect(res.status).toBeLessThan(300));
    await a.sync();
    expect(await a.status()).toMatchObject({ deadLetters: 0, pendingOps: 0 });
    expect(await listedPending(hub, a.deps.deviceId)).toBe(0);
  });

  it('a change the hub set aside (quarantined) is counted', async () => {
    const hub = await startHub();
    // Pushed only when the test says (a change pushed before it is marked newer would not be held back).
    const a = await linkedConsole(hub, 'Caja A', { debounceMs: 3_600_000 });
    await product(a, 'NUEVO-1');
    // Written by a newer schema than the hub's: the hub keeps it without applying it.
    await writtenByNewerSchema(a, 'catalog.product.create');
    await a.sync();
    expect(await a.status()).toMatchObject({ deadLetters: 1, pendingOps: 0 });
    expect(await listedPending(hub, a.deps.deviceId)).toBe(1);
  });
});

/**
 * The hub's device list shows the version each console runs now, not the one it enrolled with: the
 * owner can tell which register still runs an old build. The console names its version on every
 * sync request (`x-mostrador-version`).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { APP_VERSION_HEADER, type HubDeviceView } from '../../../contract/index.js';
import { linkedConsole, startHub } from './sync-harness.js';

describe('device version on the hub', () => {
  it('follows the console after it is updated, with no new enrollment', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A'); // enrolled as 0.1.0
    const devices = async () =>
      (await hub.owner.agent.get('/api/sync/devices').expect(200)).body.devices as HubDeviceView[];

    // The console is updated and keeps syncing.
    (a.deps as { version: string }).version = '0.2.0';
    await a.agent
      .post('/api/catalog/products')
      .send({ sku: 'V-1', name: 'x', price: 1, taxRateBp: 0 })
      .expect(201);
    await a.sync();

    expect((await devices()).find((d) => d.id === a.deps.deviceId)?.appVersion).toBe('0.2.0');
  });

  it('keeps the version it holds when a request names none or an unusable one', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const before = (await hub.owner.agent.get('/api/sync/devices').expect(200)).body
      .devices as HubDeviceView[];
    const held = before.find((d) => d.id === a.deps.deviceId)?.appVersion;

    await request(hub.url).get('/sync/pull').set('authorization', `Bearer ${a.token}`).expect(200);
    await request(hub.url)
      .get('/sync/pull')
      .set('authorization', `Bearer ${a.token}`)
      .set(APP_VERSION_HEADER, 'x'.repeat(41))
      .expect(200);

    const after = (await hub.owner.agent.get('/api/sync/devices').expect(200)).body
      .devices as HubDeviceView[];
    expect(after.find((d) => d.id === a.deps.deviceId)?.appVersion).toBe(held);
  });
});

/**
 * A console the hub revoked is let back into its own business with a new
 * code: same device id, its pending ops pushed next in device_seq order, the
 * hub's device row active again. Another business's code is refused.
 * Real SQLite console, real hub on embedded Postgres.
 */
import { describe, expect, it } from 'vitest';
import { addBusiness } from '../../../../test/helpers.js';
import { type Hub, type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

async function product(c: LinkedConsole, sku: string) {
  const res = await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000 })
    .expect(201);
  return res.body.id as string;
}

const newCode = async (hub: Hub) =>
  (await hub.owner.agent.post('/api/sync/enrollment-codes').send({}).expect(201)).body.code as string;

async function revoked(hub: Hub, c: LinkedConsole) {
  await hub.owner.agent.post(`/api/sync/devices/${c.deps.deviceId}/revoke`).send({}).expect(200);
  await product(c, 'TRAS-REVOCAR');
  await c.sync();
  expect(await c.status()).toMatchObject({ state: 'revoked', pendingOps: 1 });
}

describe('re-enrolling a revoked console', () => {
  it('with a new code of its business: the same device goes on and its waiting change reaches the hub', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await product(a, 'ANTES-1');
    await a.sync();
    await revoked(hub, a);

    const res = await a.agent
      .post('/api/sync/enroll')
      .send({ hubUrl: hub.url, code: await newCode(hub), deviceName: 'Caja A de nuevo' })
      .expect(201);
    expect(res.body).toMatchObject({ mode: 'join', tenantId: hub.tenantId, leftBehind: null });

    await a.sync();
    expect(await a.status()).toMatchObject({
      state: 'synced',
      pendingOps: 0,
      deadLetters: 0,
      lastError: null,
      deviceName: 'Caja A de nuevo',
    });
    // The hub has this device's ops as one gap-free sequence, the one made while revoked last.
    const onHub = await hub.db
      .selectFrom('ops')
      .select(['device_seq', 'command', 'push_state'])
      .where('device_id', '=', a.deps.deviceId)
      .orderBy('device_seq')
      .execute();
    expect(onHub.map((o) => Number(o.device_seq))).toEqual(onHub.map((_, i) => i + 1));
    expect(onHub.at(-1)).toMatchObject({ command: 'catalog.product.create', push_state: 'applied' });
    const device = await hub.db
      .selectFrom('hub_devices')
      .select(['name', 'revoked_at'])
      .where('id', '=', a.deps.deviceId)
      .executeTakeFirstOrThrow();
    expect(device).toEqual({ name: 'Caja A de nuevo', revoked_at: null });
  });

  it("with another business's code: refused, and the console stays revoked with its change waiting", async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await revoked(hub, a);
    const code = await newCode(hub);
    const other = await addBusiness(hub.deps, 'Otra tienda');
    await hub.db
      .updateTable('enrollment_codes')
      .set({ tenant_id: other })
      .where('used_at', 'is', null)
      .execute();

    const res = await a.agent.post('/api/sync/enroll/preview').send({ hubUrl: hub.url, code }).expect(409);
    expect(res.body).toMatchObject({ code: 'readmit-other-business', field: 'code' });
    expect(await a.status()).toMatchObject({ state: 'revoked', pendingOps: 1 });
  });

  it('a console that is not revoked still cannot enroll again', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const res = await a.agent
      .post('/api/sync/enroll/preview')
      .send({ hubUrl: hub.url, code: await newCode(hub) })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'already-enrolled' });
  });
});

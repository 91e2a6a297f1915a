/**
 * Document numbers of two devices of one business never collide (ARCHITECTURE
 * §5 "per-device receipt series"): the hub gives each enrolling device a tag
 * no other device of the business numbers with, and both sides number with it.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { linkedConsole, sellOne, startHub } from './sync-harness.js';

/** A UUIDv7 whose last group is `tail` (12 hex digits). */
const idEndingIn = (tail: string) => `${uuidv7().slice(0, 24)}${tail}`;

describe('device tags from the hub', () => {
  it('gives two devices whose ids end alike different receipt numbers, so both offline sales reach the hub as printed', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A', {}, { deviceId: idEndingIn('aaaa0000ffee') });
    const b = await linkedConsole(hub, 'Caja B', {}, { deviceId: idEndingIn('bbbb1111ffee') });

    const tags = await hub.deps.db
      .selectFrom('device_tags')
      .select(['device_id', 'tag'])
      .where('tenant_id', '=', hub.tenantId)
      .orderBy('tag')
      .execute();
    expect(tags).toEqual([
      { device_id: b.deps.deviceId, tag: '11FFEE' },
      { device_id: a.deps.deviceId, tag: 'FFEE' },
    ]);

    const product = (
      await a.agent
        .post('/api/catalog/products')
        .send({ sku: 'CAFE', name: 'Café', price: 150, taxRateBp: 1000, tracked: false })
        .expect(201)
    ).body.id as string;
    await a.sync();
    await b.sync();
    for (const c of [a, b]) await c.agent.post('/api/shifts').send({ denominations: [] }).expect(201);

    a.net.state.down = true;
    b.net.state.down = true;
    const saleA = await sellOne(a, product);
    const saleB = await sellOne(b, product);
    expect(saleA.number).toBe('T-FFEE-000001');
    expect(saleB.number).toBe('T-11FFEE-000001');

    a.net.state.down = false;
    b.net.state.down = false;
    await a.sync();
    await b.sync();
    expect((await a.status()).pendingOps).toBe(0);
    expect((await b.status()).pendingOps).toBe(0);
    const onHub = await hub.deps.db
      .selectFrom('sales')
      .select(['id', 'number'])
      .where('tenant_id', '=', hub.tenantId)
      .orderBy('number')
      .execute();
    expect(onHub).toEqual([
      { id: saleB.id, number: 'T-11FFEE-000001' },
      { id: saleA.id, number: 'T-FFEE-000001' },
    ]);
  });
});

/**
 * The product form's version check (`updatedAt`, 409 product-changed) is made
 * where the person saves, never when the hub replays the op: a console that
 * edited a product offline, at the version it held, is not refused on the hub
 * because the office changed another field of the product meanwhile. Edits
 * settle last-applied-wins, field by field, as the form sends only what it changed.
 */
import type { Response } from 'supertest';
import { expect, it } from 'vitest';
import type { fixedClock } from '../../../test/helpers.js';
import type { ProductView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T = { id: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

it('an offline edit made at the version the console held reaches the hub although the hub changed the product since', async () => {
  const hub = await startHub();
  const a = await linkedConsole(hub, 'Caja A');
  const created = await ok<ProductView>(
    hub.owner.agent
      .post('/api/catalog/products')
      .send({ sku: 'CAF-1', name: 'Café 1 kg', price: 1500, cost: 800, taxRateBp: 1000 }),
  );
  await a.sync();
  const onConsole = await ok<ProductView>(a.agent.get(`/api/catalog/products/${created.id}`));

  a.net.state.down = true;
  (hub.deps.clock as ReturnType<typeof fixedClock>).advance(60_000);
  await ok(hub.owner.agent.patch(`/api/catalog/products/${created.id}`).send({ price: 1650 }));
  (a.deps.clock as ReturnType<typeof fixedClock>).advance(120_000);
  // The console's form: only the name changed, at the version the console shows.
  await ok(
    a.agent
      .patch(`/api/catalog/products/${created.id}`)
      .send({ name: 'Café molido 1 kg', updatedAt: onConsole.updatedAt }),
  );
  a.net.state.down = false;
  await a.sync();

  expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
  const onHub = await ok<ProductView>(hub.owner.agent.get(`/api/catalog/products/${created.id}`));
  expect({ name: onHub.name, price: onHub.price, cost: onHub.cost }).toEqual({
    name: 'Café molido 1 kg',
    price: 1650,
    cost: 800,
  });

  // Live on the hub, a browser holding the old version is refused.
  const stale = await hub.owner.agent
    .patch(`/api/catalog/products/${created.id}`)
    .send({ name: 'Café', updatedAt: created.updatedAt });
  expect(stale.status).toBe(409);
  expect(stale.body).toMatchObject({ code: 'product-changed', field: 'updatedAt' });
}, 120_000);

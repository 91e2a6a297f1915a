/**
 * One change larger than a form's body limit (a catalog import is one command: thousands of
 * products in one op) must still reach the hub; an op the hub refuses for its size would hold
 * every later change of the console back for good. Real SQLite console, real hub on Postgres.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../../app.js';
import { linkedConsole, startHub } from './sync-harness.js';

const ONE_MB = Number.parseInt(BODY_LIMIT, 10) * 1024 * 1024;
const HEADER = 'sku,name,description,price,tax_rate';

describe('a change larger than 1 MB', () => {
  it('a catalog import of 2,500 products made on the console reaches the hub, and the sale after it too', {
    timeout: 180_000,
  }, async () => {
    const hub = await startHub();
    const c = await linkedConsole(hub, 'Caja A');
    const rows = Array.from(
      { length: 2_500 },
      (_, i) =>
        `IMP-${String(i).padStart(5, '0')},Producto importado ${i},"${'Descripción larga. '.repeat(20)}",${i}.50,21`,
    );
    const imported = await c.agent
      .post('/api/catalog/import')
      .type('text/csv')
      .send([HEADER, ...rows].join('\r\n'))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(String(imported.body)).toContain('"imported":2500');
    const op = await c.deps.db
      .selectFrom('ops')
      .select('input')
      .where('command', '=', 'catalog.products.import')
      .executeTakeFirstOrThrow();
    expect(Buffer.byteLength(op.input)).toBeGreaterThan(ONE_MB);

    const product = (await c.agent.get('/api/catalog/products').query({ q: 'IMP-00007' }).expect(200)).body
      .products[0] as { id: string };
    await c.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
    await c.agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId: product.id, qty: 2 }], payments: [{ method: 'cash', amount: 2000 }] })
      .expect(201);

    await c.sync();
    expect(await c.status()).toMatchObject({
      state: 'synced',
      pendingOps: 0,
      deadLetters: 0,
      lastError: null,
    });
    const onHub = await hub.db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', hub.tenantId)
      .where('sku', 'like', 'IMP-%')
      .executeTakeFirstOrThrow();
    expect(Number(onHub.n)).toBe(2_500);
    const sales = await hub.db
      .selectFrom('sales')
      .select('id')
      .where('tenant_id', '=', hub.tenantId)
      .execute();
    expect(sales).toHaveLength(1);
  });

  it('the hub reads a large push body only from a known device', async () => {
    const hub = await startHub();
    const big = JSON.stringify({ ops: [{ padding: 'x'.repeat(2 * ONE_MB) }] });
    const stranger = await request(hub.url)
      .post('/sync/push')
      .set('content-type', 'application/json')
      .send(big)
      .expect(401);
    expect(stranger.body.code).toBe('device-token-required');
    // The route answers other spellings of its path too: none has its body read first.
    for (const path of ['/sync/push/', '/SYNC/Push']) {
      const res = await request(hub.url).post(path).set('content-type', 'application/json').send(big);
      expect(res.status, path).toBe(401);
    }
    // Other routes keep the 1 MB limit.
    const form = await request(hub.url)
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(big)
      .expect(413);
    expect(form.body.code).toBe('payload-too-large');
  });
});

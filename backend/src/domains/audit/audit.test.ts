import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';

describe('POST /api/audit/verify', () => {
  it('removing the newest entry (who dropped a price) is reported with the device that lost it', async () => {
    const s = await ownerAgent();
    const p = await s.agent
      .post('/api/catalog/products')
      .send({ sku: 'AUD-1', name: 'Vino', price: 1000, cost: 400 })
      .expect(201);
    await s.agent.patch(`/api/catalog/products/${p.body.id}`).send({ price: 100 }).expect(200);
    expect((await s.agent.post('/api/audit/verify').expect(200)).body).toEqual({ intact: true, entries: 3 });

    // Someone with the data file removes the entry that shows who dropped the price.
    await sql`delete from audit_entries where command = 'catalog.product.update'`.execute(s.deps.db);
    const after = await s.agent.post('/api/audit/verify').expect(200);
    expect(after.body).toMatchObject({
      intact: false,
      deviceId: s.deps.deviceId,
      seq: 3,
      tail: { lastSeq: 2, headSeq: 3 },
    });
  });

  it("another business's chain, cut short, does not break this one's", async () => {
    const a = await ownerAgent();
    const tenantB = await addBusiness(a.deps, 'Otra tienda');
    await addMember(a.deps, tenantB, { email: 'b@b.example', role: 'OWNER' });
    const b = await signedInAgent(a.app, 'b@b.example');
    await b.post('/api/catalog/products').send({ sku: 'B-1', name: 'Otro', price: 100 }).expect(201);
    await b.post('/api/catalog/products').send({ sku: 'B-2', name: 'Otro más', price: 100 }).expect(201);
    await sql`delete from audit_entries where tenant_id = ${tenantB} and entity_id in
      (select id from products where sku = 'B-2')`.execute(a.deps.db);
    expect((await a.agent.post('/api/audit/verify').expect(200)).body).toEqual({ intact: true, entries: 1 });
    expect((await b.post('/api/audit/verify').expect(200)).body).toMatchObject({
      intact: false,
      tail: { lastSeq: 1, headSeq: 2 },
    });
  });
});

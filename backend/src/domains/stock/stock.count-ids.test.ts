/**
 * A count's id is chosen by the client: the same business starting it again
 * gets the count back; another business's count id is 409 `id-taken` on
 * field `id`, never a 500.
 */
import { v7 } from 'uuid';
import { expect, it } from 'vitest';
import { defaultLocationId, insertProduct } from '../../../test/builders.js';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';

it('a retried count start gives back the count; another business using the id gets 409 id-taken', async () => {
  const s = await ownerAgent();
  const tenantId = s.session.tenant?.id as string;
  await insertProduct(s.deps.db, tenantId);
  const id = v7();
  const locationId = await defaultLocationId(s.deps.db, tenantId);
  await s.agent.post('/api/stock/counts').send({ id, locationId }).expect(201);
  const retry = await s.agent.post('/api/stock/counts').send({ id, locationId });
  expect({ status: retry.status, id: retry.body.id, lines: retry.body.lines?.length }).toEqual({
    status: 201,
    id,
    lines: 1,
  });

  const other = await addBusiness(s.deps);
  await addMember(s.deps, other, { email: 'b@example.com', role: 'OWNER' });
  const b = await signedInAgent(s.app, 'b@example.com');
  const res = await b
    .post('/api/stock/counts')
    .send({ id, locationId: await defaultLocationId(s.deps.db, other) });
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({
    status: 409,
    code: 'id-taken',
    field: 'id',
  });
  const rows = await s.deps.db.selectFrom('stock_counts').select('tenant_id').where('id', '=', id).execute();
  expect(rows).toEqual([{ tenant_id: tenantId }]);
});

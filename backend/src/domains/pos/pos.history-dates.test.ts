import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { ownerAgent, testDeps } from '../../../test/helpers.js';

/** A business with one sale, recorded at the test clock's 10:00Z on 25 Nov 2026 (11:00 in Madrid). */
async function oneSale() {
  const deps = await testDeps();
  const s = await ownerAgent(deps);
  const tenantId = s.session.tenant?.id as string;
  const coffee = await insertProduct(deps.db, tenantId, { name: 'Café', price: 150 });
  await insertOpenShift(deps, tenantId);
  await s.agent
    .post('/api/pos/sales')
    .send({ lines: [{ productId: coffee, qty: 1 }], payments: [{ method: 'cash', amount: 150 }] })
    .expect(201);
  return s;
}

describe('GET /api/pos/sales date filters', () => {
  it('refuses a day that is not on the calendar with 400 date-invalid naming the field, instead of listing another day', async () => {
    const s = await oneSale();
    // 56 October would roll over to 25 November and list its sale.
    const cases: [string, string][] = [
      ['from=2026-13-45', 'from'],
      ['to=2026-13-45', 'to'],
      ['from=2026-10-56&to=2026-10-56', 'from'],
      ['from=2026-02-29', 'from'],
      ['from=2026-11-25&to=2026-02-30', 'to'],
      ['from=25/11/2026', 'from'],
      ['to=2026-11-25T10:00', 'to'],
    ];
    for (const [query, field] of cases) {
      const res = await s.agent.get(`/api/pos/sales?${query}`);
      expect([res.status, res.type], query).toEqual([400, 'application/problem+json']);
      expect([res.body.code, res.body.field], query).toEqual(['validation-failed', field]);
      expect(res.body.errors[0], query).toMatchObject({ field, code: 'date-invalid' });
    }
  });

  it('refuses a range whose end is before its start with 400 to-before-from on `to`', async () => {
    const s = await oneSale();
    const res = await s.agent.get('/api/pos/sales?from=2026-11-26&to=2026-11-25').expect(400);
    expect(res.type).toBe('application/problem+json');
    expect([res.body.code, res.body.field]).toEqual(['validation-failed', 'to']);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'to', code: 'to-before-from' })]);
  });

  it('still lists by real days, a leap day and a one-day range included', async () => {
    const s = await oneSale();
    const total = async (q: string) => (await s.agent.get(`/api/pos/sales?${q}`).expect(200)).body.total;
    expect(await total('from=2026-11-25&to=2026-11-25')).toBe(1);
    expect(await total('from=2026-11-24&to=2026-11-24')).toBe(0);
    expect(await total('from=2028-02-29')).toBe(0);
    expect(await total('to=2026-11-25')).toBe(1);
  });
});

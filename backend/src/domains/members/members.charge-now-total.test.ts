/**
 * "Charge now" on the member page: the total it confirms ("…1 charge(s) for {total}") and shows as
 * "Total pending" is what the invoice it issues charges. Charges are stored in the business's
 * price mode; when prices exclude tax the invoice adds it, so the sum of the charges is not it.
 */
import { describe, expect, it } from 'vitest';
import { detail, member, plan, type Space, space, start } from './members.fixtures.js';

async function coworking(prices: 'inclusive' | 'exclusive') {
  const s = await space();
  await s.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  await s.agent.put('/api/pos/settings').send({ prices }).expect(200);
  return s;
}

async function chargeNow(s: Space, memberId: string) {
  const res = await s.agent.post(`/api/members/${memberId}/charge-now`).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { total: number; subtotal: number; taxTotal?: number };
}

describe('charge now: the total the member page shows is the invoice total', () => {
  for (const prices of ['exclusive', 'inclusive'] as const) {
    it(`when prices are ${prices} of tax`, async () => {
      const s = await coworking(prices);
      const flex = await plan(s, { price: 3_333, taxRateBp: 2100 });
      const lucia = await member(s);
      const ms = await start(s, lucia, { planId: flex.id });
      // An upgrade the same day adds a proration charge at another tax rate: two lines.
      const pro = await plan(s, { name: 'Pro', price: 5_555, taxRateBp: 1000 });
      await s.agent.post(`/api/memberships/${ms.id}/change-plan`).send({ planId: pro.id }).expect(200);

      const page = await detail(s, lucia);
      expect(page.openCharges.length).toBe(2);
      const shown = page.chargeNow;
      expect(shown?.prices).toBe(prices);
      const invoice = await chargeNow(s, lucia);
      expect(shown?.total).toBe(invoice.total);
      expect(shown?.subtotal).toBe(invoice.subtotal);
      const net = page.openCharges.reduce((sum, c) => sum + c.amount, 0);
      if (prices === 'exclusive') expect(invoice.total).toBeGreaterThan(net);
      else expect(invoice.total).toBe(net);
      // Once invoiced nothing is left to charge.
      expect((await detail(s, lucia)).chargeNow).toBeNull();
    });
  }
});

/**
 * A STAFF discount at exactly the business's limit is within it. Limit 10 % (the default), a
 * 10,15 € item: "10 %" is 1,015 € rounded to 1,02 €, which is not more than 10 %.
 */
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';

async function staffAtCounter() {
  const c = await ownerAgent();
  const tenantId = c.session.tenant?.id as string;
  await insertOpenShift(c.deps, tenantId);
  const wine = await insertProduct(c.deps.db, tenantId, { name: 'Vino', price: 1015, tracked: false });
  await addMember(c.deps, tenantId, { email: 'eva@example.com', role: 'STAFF' });
  const staff = await signedInAgent(c.app, 'eva@example.com');
  const settings = (await c.agent.get('/api/pos/settings').expect(200)).body as {
    staffMaxDiscountBp: number;
  };
  const pay = (discount: unknown, cartDiscount?: unknown) =>
    staff.post('/api/pos/sales').send({
      lines: [{ productId: wine, qty: 1, discount }],
      cartDiscount,
      payments: [{ method: 'cash', amount: 2000 }],
    });
  return { limitBp: settings.staffMaxDiscountBp, pay };
}

const outcome = (res: { status: number; body: { code?: string; field?: string } }) => [
  res.status,
  res.body.code,
  res.body.field,
];

describe('a STAFF discount at exactly the allowed %', () => {
  it('is accepted as a percent on the line and on the cart, even when it rounds up', async () => {
    const { limitBp, pay } = await staffAtCounter();
    const line = await pay({ kind: 'percent', bp: limitBp });
    expect(outcome(line)).toEqual([201, undefined, undefined]);
    expect(line.body.lineDiscounts).toBe(102);
    const cart = await pay(null, { kind: 'percent', bp: limitBp });
    expect(outcome(cart)).toEqual([201, undefined, undefined]);
    expect(cart.body.cartDiscount).toBe(102);
  });

  it('is accepted as an amount up to what the percent gives, refused one cent above', async () => {
    const { pay } = await staffAtCounter();
    expect(outcome(await pay({ kind: 'amount', amount: 102 }))).toEqual([201, undefined, undefined]);
    expect(outcome(await pay(null, { kind: 'amount', amount: 102 }))).toEqual([201, undefined, undefined]);
    expect(outcome(await pay({ kind: 'amount', amount: 103 }))).toEqual([
      403,
      'discount-over-limit',
      'lines.0.discount',
    ]);
    expect(outcome(await pay(null, { kind: 'amount', amount: 103 }))).toEqual([
      403,
      'discount-over-limit',
      'cartDiscount',
    ]);
  });

  it('is refused one basis point above the limit', async () => {
    const { limitBp, pay } = await staffAtCounter();
    expect(outcome(await pay({ kind: 'percent', bp: limitBp + 1 }))).toEqual([
      403,
      'discount-over-limit',
      'lines.0.discount',
    ]);
    expect(outcome(await pay(null, { kind: 'percent', bp: limitBp + 1 }))).toEqual([
      403,
      'discount-over-limit',
      'cartDiscount',
    ]);
  });
});

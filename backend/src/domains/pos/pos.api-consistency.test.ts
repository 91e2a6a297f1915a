/**
 * Issue #5, point-of-sale API defects the API docs' writer found (docs/api/pos.md):
 * - a refund's approval PIN is read only when the refund needs one, and a bad one is refused with
 *   one code (`approval-pin-invalid`) whether the route or the command finds it out;
 * - another business's (or no) sale answers 404 before the body of a refund or a receipt email is
 *   validated;
 * - a payment method the business does not take is refused one way, however it is spelled.
 */
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import type { RefundView, SaleView } from '../../contract/index.js';
import { pinHmac } from '../auth/pin.js';

type Res = {
  status: number;
  body: { code?: string; field?: string; errors?: { field: string; code: string }[] };
};
const outcome = (res: Res) => [res.status, res.body.code, res.body.field];

/** A shop with the default 50,00 € refund limit, an owner's PIN 4321 and a cashier (STAFF). */
async function shop() {
  const c = await ownerAgent();
  const tenantId = c.session.tenant?.id as string;
  await insertOpenShift(c.deps, tenantId);
  const coffee = await insertProduct(c.deps.db, tenantId, { name: 'Café', price: 150, tracked: false });
  const lamp = await insertProduct(c.deps.db, tenantId, { name: 'Lámpara', price: 6000, tracked: false });
  await c.deps.db
    .insertInto('member_pins')
    .values({
      tenant_id: tenantId,
      user_id: c.session.user.id,
      pin_hmac: pinHmac(c.deps.pinKey, tenantId, '4321'),
    })
    .execute();
  const staffId = await addMember(c.deps, tenantId, { email: 'eva@example.com', role: 'STAFF' });
  await c.deps.db
    .insertInto('member_pins')
    .values({ tenant_id: tenantId, user_id: staffId, pin_hmac: pinHmac(c.deps.pinKey, tenantId, '1357') })
    .execute();
  const staff = await signedInAgent(c.app, 'eva@example.com');
  const sell = async (productId: string, qty: number, amount: number) =>
    (
      await c.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId, qty }], payments: [{ method: 'cash', amount }] })
        .expect(201)
    ).body as SaleView;
  return { ...c, tenantId, coffee, lamp, staff, staffId, sell };
}

const refundCount = async (s: Awaited<ReturnType<typeof shop>>) =>
  (await s.deps.db.selectFrom('refunds').select('id').execute()).length;

describe('a refund under the approval limit', () => {
  it('goes through whatever approval PIN field the screen sends (empty, stale, a cashier’s), and counts no guess', async () => {
    const s = await shop();
    const sale = await s.sell(s.coffee, 7, 1050);
    const line = sale.lines[0]?.id;
    // 1,50 € each, far under the 50,00 € limit. Six sends with a PIN that approves nothing: more than
    // the five wrong PINs a session may type, so had any been counted the last would be 429.
    for (const approvalPin of ['', '0000', '1357', '12', 'abcd', '0000']) {
      const res = await s.staff
        .post('/api/pos/refunds')
        .send({ saleId: sale.id, lines: [{ saleLineId: line, qty: 1 }], approvalPin });
      expect(outcome(res)).toEqual([201, undefined, undefined]);
      expect((res.body as RefundView).approvedBy).toBeNull();
    }
    expect(await refundCount(s)).toBe(6);
    // No PIN guess was counted: switching user by PIN still works on this session.
    await s.staff.post('/api/session/pin').send({ pin: '4321' }).expect(200);
  });

  it('goes through for an OWNER whose screen sends a stale PIN', async () => {
    const s = await shop();
    const sale = await s.sell(s.lamp, 1, 6000);
    const res = await s.agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, method: 'cash', approvalPin: '9999' });
    expect(outcome(res)).toEqual([201, undefined, undefined]);
  });
});

describe('a refund over the approval limit, by a cashier', () => {
  it('asks for a PIN, refuses a bad one as before and records nothing, and takes an owner’s', async () => {
    const s = await shop();
    const sale = await s.sell(s.lamp, 1, 6000);
    const body = { saleId: sale.id, lines: [{ saleLineId: sale.lines[0]?.id, qty: 1 }], method: 'cash' };
    const send = (extra: object) => s.staff.post('/api/pos/refunds').send({ ...body, ...extra });

    expect(outcome(await send({}))).toEqual([403, 'approval-required', 'approvalPin']);
    // Not 4–6 digits: the validation the refund screen shows in its PIN dialog.
    const malformed = await send({ approvalPin: '' });
    expect([malformed.status, malformed.body.code, malformed.body.errors]).toEqual([
      400,
      'validation-failed',
      [expect.objectContaining({ field: 'approvalPin', code: 'pin-invalid' })],
    ]);
    // Nobody's PIN, and a cashier's: one code.
    expect(outcome(await send({ approvalPin: '0000' }))).toEqual([
      403,
      'approval-pin-invalid',
      'approvalPin',
    ]);
    expect(outcome(await send({ approvalPin: '1357' }))).toEqual([
      403,
      'approval-pin-invalid',
      'approvalPin',
    ]);
    expect(await refundCount(s)).toBe(0);

    const ok = await send({ approvalPin: '4321' });
    expect(outcome(ok)).toEqual([201, undefined, undefined]);
    expect((ok.body as RefundView).approvedBy).toBe(s.session.user.id);
    expect(await refundCount(s)).toBe(1);
  });
});

describe('a STAFF discount at the sale', () => {
  it('within the limit is sold whatever approval PIN field comes with it; over it is refused on its field', async () => {
    const s = await shop();
    const sale = (discount: object, extra: object) =>
      s.staff.post('/api/pos/sales').send({
        lines: [{ productId: s.lamp, qty: 1, discount }],
        payments: [{ method: 'cash', amount: 6000 }],
        ...extra,
      });
    for (const extra of [{ approvalPin: '' }, { approvalPin: '0000' }, { approvalPin: '4321' }]) {
      expect(outcome(await sale({ kind: 'percent', bp: 500 }, extra))).toEqual([201, undefined, undefined]);
    }
    // There is no PIN that lifts a cashier's discount limit: a PIN sent over it changes nothing.
    expect(outcome(await sale({ kind: 'percent', bp: 2000 }, { approvalPin: '4321' }))).toEqual([
      403,
      'discount-over-limit',
      'lines.0.discount',
    ]);
  });
});

describe('another business’s or an unknown sale', () => {
  async function twoShops() {
    const s = await shop();
    const sale = await s.sell(s.coffee, 2, 300);
    const other = await addBusiness(s.deps);
    await addMember(s.deps, other, { email: 'bob@example.com', role: 'OWNER' });
    const bob = await signedInAgent(s.app, 'bob@example.com');
    // Another business's sale (Bob's view of it) and a sale that does not exist (the owner's).
    const asked = [
      { agent: bob, saleId: sale.id, receiptNumber: sale.number },
      { agent: s.agent, saleId: s.deps.newId(), receiptNumber: 'T-0000-999999' },
    ];
    return { s, sale, asked };
  }

  it('answers 404 to a refund before its body is validated', async () => {
    const { s, sale, asked } = await twoShops();
    const badRefund = { lines: [], method: 'voucher', reason: 'x'.repeat(501) };
    for (const { agent, saleId, receiptNumber } of asked) {
      expect(outcome(await agent.post('/api/pos/refunds').send({ saleId, ...badRefund }))).toEqual([
        404,
        'not-found',
        undefined,
      ]);
      expect(outcome(await agent.post('/api/pos/refunds').send({ receiptNumber, ...badRefund }))).toEqual([
        404,
        'not-found',
        undefined,
      ]);
    }
    // The business's own sale still has its body validated.
    const own = await s.agent.post('/api/pos/refunds').send({ saleId: sale.id, ...badRefund });
    expect([own.status, own.body.code]).toEqual([400, 'validation-failed']);
    const neither = await s.agent.post('/api/pos/refunds').send({ lines: [] });
    expect([neither.status, neither.body.errors?.map((e: { code: string }) => e.code)]).toEqual([
      400,
      expect.arrayContaining(['sale-required']),
    ]);
    expect(await refundCount(s)).toBe(0);
  });

  it('answers 404 to emailing its receipt before the address is validated', async () => {
    const { s, sale, asked } = await twoShops();
    for (const { agent, saleId } of asked) {
      expect(
        outcome(await agent.post(`/api/pos/sales/${saleId}/email`).send({ to: 'not-an-address' })),
      ).toEqual([404, 'not-found', undefined]);
    }
    const mail = await s.agent.post(`/api/pos/sales/${sale.id}/email`).send({ to: 'not-an-address' });
    expect([mail.status, mail.body.code, mail.body.errors?.[0]?.field]).toEqual([
      400,
      'validation-failed',
      'to',
    ]);
  });
});

describe('a payment method the business does not take', () => {
  it('is refused at the sale with payment-method-unknown on its field however it is spelled; a known one in capitals is taken', async () => {
    const s = await shop();
    await s.agent
      .put('/api/pos/settings')
      .send({ extraPaymentMethods: ['bizum'] })
      .expect(200);
    const pay = (method: string) =>
      s.staff.post('/api/pos/sales').send({
        lines: [{ productId: s.coffee, qty: 1 }],
        payments: [
          { method: 'cash', amount: 50 },
          { method, amount: 100 },
        ],
      });
    for (const method of ['bitcoin', 'Bono regalo!', 'tarjeta de crédito']) {
      expect(outcome(await pay(method))).toEqual([400, 'payment-method-unknown', 'payments.1.method']);
    }
    // One the business stopped taking.
    await s.agent.put('/api/pos/settings').send({ extraPaymentMethods: [] }).expect(200);
    expect(outcome(await pay('bizum'))).toEqual([400, 'payment-method-unknown', 'payments.1.method']);
    expect((await s.deps.db.selectFrom('sales').select('id').execute()).length).toBe(0);

    const card = await pay(' Card ');
    expect(outcome(card)).toEqual([201, undefined, undefined]);
    expect((card.body as SaleView).payments.map((p) => p.method).sort()).toEqual(['card', 'cash']);
  });
});

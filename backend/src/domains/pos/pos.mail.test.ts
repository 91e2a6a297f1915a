import { describe, expect, it } from 'vitest';
import { insertOpenShift } from '../../../test/builders.js';
import { addBusiness, addMember, ownerAgent, signedInAgent, testDeps } from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import { createMailer } from '../../core/mailer.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

/** Intl puts no-break and narrow no-break spaces in money and percentages; compared as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function product(agent: Agent, body: Record<string, unknown>): Promise<string> {
  return (
    await agent
      .post('/api/catalog/products')
      .send({ tracked: false, ...body })
      .expect(201)
  ).body.id;
}

/**
 * Sells 0.75 kg of cheese (18.00 a kg, 10.5 % tax) and 2 coffees paid with 50.00 in cash,
 * emails the receipt and gives back the mail the customer receives.
 */
async function emailedReceipt(
  agent: Agent,
  smtp: Awaited<ReturnType<typeof startSmtp>>,
  names: [string, string],
) {
  const cheese = await product(agent, {
    sku: 'QUE-1',
    name: names[0],
    unit: 'kg',
    price: 1800,
    taxRateBp: 1050,
  });
  const coffee = await product(agent, { sku: 'CAF-1', name: names[1], price: 150, taxRateBp: 1050 });
  const sale = (
    await agent
      .post('/api/pos/sales')
      .send({
        lines: [
          { productId: cheese, qty: 0.75 },
          { productId: coffee, qty: 2 },
        ],
        payments: [{ method: 'cash', amount: 5000 }],
      })
      .expect(201)
  ).body;
  expect(sale.change).toBeGreaterThan(0);
  await agent.post(`/api/pos/sales/${sale.id}/email`).send({ to: 'ana@cliente.example' }).expect(200);
  const mail = await smtp.waitForMessage();
  return { text: plain(mail.text), html: plain(mail.html) };
}

describe('the emailed receipt', () => {
  it('of a Spanish shop writes quantities, units and tax rates the Spanish way, and the change in both parts', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    await insertOpenShift(s.deps, s.session.tenant?.id as string);
    const { text, html } = await emailedReceipt(s.agent, smtp, ['Queso', 'Café']);

    for (const part of [text, html]) {
      expect(part).toContain('Queso · 0,75 kg × 18,00 €');
      expect(part).toContain('Café · 2 ud. × 1,50 €');
      // Prices include tax: the rate says so (it is not added to the total above it).
      expect(part).toContain('IVA incluido 10,5 %');
      expect(part).toContain('Cambio');
      expect(part).not.toContain('0.75');
    }
  });

  it('of an English-speaking shop writes them the English way', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    const tenantB = await addBusiness(s.deps, 'Corner Shop');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const agentB = await signedInAgent(s.app, 'owner-b@b.example');
    await insertOpenShift(s.deps, tenantB);
    const { text, html } = await emailedReceipt(agentB, smtp, ['Cheese', 'Coffee']);

    for (const part of [text, html]) {
      expect(part).toContain('Cheese · 0.75 kg × $18.00');
      expect(part).toContain('Coffee · 2 pcs × $1.50');
      expect(part).toContain('Tax included 10.5%');
      expect(part).toContain('Change');
    }
  });

  /**
   * A 10,00 coffee with 1,00 off the line and 0,50 off the sale: the mail used to list the line at
   * 9,00 and go straight to "Total 8,50", with no discount anywhere.
   */
  async function discountedMail(agent: Agent, smtp: Awaited<ReturnType<typeof startSmtp>>) {
    const coffee = await product(agent, { sku: 'CAF-2', name: 'Coffee', price: 1000, taxRateBp: 1000 });
    const sale = (
      await agent
        .post('/api/pos/sales')
        .send({
          lines: [{ productId: coffee, qty: 1, discount: { kind: 'amount', amount: 100 } }],
          cartDiscount: { kind: 'amount', amount: 50 },
          payments: [{ method: 'card', amount: 850 }],
        })
        .expect(201)
    ).body;
    expect(sale.total).toBe(850);
    await agent.post(`/api/pos/sales/${sale.id}/email`).send({ to: 'ana@cliente.example' }).expect(200);
    const mail = await smtp.waitForMessage();
    return { text: plain(mail.text), html: plain(mail.html) };
  }

  it('of a sale with line and sale discounts shows both, and subtotal − discounts = total', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    await insertOpenShift(s.deps, s.session.tenant?.id as string);
    const { text, html } = await discountedMail(s.agent, smtp);

    const figure = (label: string) => {
      const m = text.match(new RegExp(`^${label}: (−?)([\\d.]+),(\\d\\d) €$`, 'm'));
      expect(m, label).not.toBeNull();
      const [, sign, units, cents] = m as RegExpMatchArray;
      return (sign ? -1 : 1) * (Number(units?.replace('.', '')) * 100 + Number(cents));
    };
    const subtotal = figure('Subtotal');
    const lineDiscounts = figure('Descuentos de línea');
    const cartDiscount = figure('Descuento del ticket');
    expect([lineDiscounts, cartDiscount]).toEqual([-100, -50]);
    expect(subtotal + lineDiscounts + cartDiscount).toBe(figure('Total'));
    for (const part of [text, html]) {
      expect(part).toContain('Descuentos de línea');
      expect(part).toContain('Descuento del ticket');
    }
  });

  it('of an English-speaking shop names the discounts in English', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    const tenantB = await addBusiness(s.deps, 'Corner Shop');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const agentB = await signedInAgent(s.app, 'owner-b@b.example');
    await insertOpenShift(s.deps, tenantB);
    const { text, html } = await discountedMail(agentB, smtp);

    for (const part of [text, html.replace(/<[^>]+>/g, ' ')]) {
      expect(part).toContain('Subtotal');
      expect(part).toMatch(/Line discounts\W+−\$1\.00/);
      expect(part).toMatch(/Sale discount\W+−\$0\.50/);
    }
  });
});

/**
 * 2 coffees at 1,50 paid by card, one given back in cash, then the receipt emailed: the mail used
 * to be the original receipt, with nothing saying a coffee and 1,50 had gone back.
 */
async function refundedMail(agent: Agent, smtp: Awaited<ReturnType<typeof startSmtp>>, name: string) {
  const coffee = await product(agent, { sku: 'CAF-3', name, price: 150, taxRateBp: 1000 });
  const sale = (
    await agent
      .post('/api/pos/sales')
      .send({ lines: [{ productId: coffee, qty: 2 }], payments: [{ method: 'card', amount: 300 }] })
      .expect(201)
  ).body;
  const refund = (
    await agent
      .post('/api/pos/refunds')
      .send({ saleId: sale.id, lines: [{ saleLineId: sale.lines[0].id, qty: 1 }], method: 'cash' })
      .expect(201)
  ).body;
  await agent.post(`/api/pos/sales/${sale.id}/email`).send({ to: 'ana@cliente.example' }).expect(200);
  const mail = await smtp.waitForMessage();
  return { sale, refund, text: plain(mail.text), html: plain(mail.html).replace(/<[^>]+>/g, ' ') };
}

describe('the emailed receipt of a sale refunded since', () => {
  it('lists the refund after the totals, with its lines, money back and what the sale stands at, in Spanish', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    await insertOpenShift(s.deps, s.session.tenant?.id as string);
    const { refund, text, html } = await refundedMail(s.agent, smtp, 'Café');

    expect(refund.total).toBe(150);
    // The sale itself as recorded.
    expect(text).toMatch(/^Total: 3,00 €$/m);
    expect(text.indexOf('Devuelto')).toBeGreaterThan(text.indexOf('Total: 3,00 €'));
    for (const part of [text, html]) {
      expect(part).toContain(`Devolución ${refund.number}`);
      expect(part).toMatch(/Café · 1 ud\.\s+−1,50 €/);
      expect(part).toMatch(/Reembolso \(efectivo\)\W+−1,50 €/);
      expect(part).toMatch(/Total devuelto\W+−1,50 €/);
      expect(part).toMatch(/Neto tras devoluciones\W+1,50 €/);
    }
  });

  it('says so in English for an English-speaking shop', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    const tenantB = await addBusiness(s.deps, 'Corner Shop');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const agentB = await signedInAgent(s.app, 'owner-b@b.example');
    await insertOpenShift(s.deps, tenantB);
    const { refund, text, html } = await refundedMail(agentB, smtp, 'Coffee');

    for (const part of [text, html]) {
      expect(part).toContain('Refunded');
      expect(part).toContain(`Refund ${refund.number}`);
      expect(part).toMatch(/Coffee · 1 pcs\s+−\$1\.50/);
      expect(part).toMatch(/Money back \(cash\)\W+−\$1\.50/);
      expect(part).toMatch(/Net after refunds\W+\$1\.50/);
    }
  });

  it('of a sale never refunded has no refund section', async () => {
    const smtp = await startSmtp();
    const s = await ownerAgent(
      await testDeps(undefined, { mailer: createMailer(smtp.url, 'M <no-reply@m.test>') }),
    );
    await insertOpenShift(s.deps, s.session.tenant?.id as string);
    const { text, html } = await emailedReceipt(s.agent, smtp, ['Queso', 'Café']);
    for (const part of [text, html]) {
      expect(part).not.toContain('Devuelto');
      expect(part).not.toContain('Neto tras devoluciones');
    }
  });
});

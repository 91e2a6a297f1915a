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
      expect(part).toContain('IVA 10,5 %');
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
      expect(part).toContain('Tax 10.5%');
      expect(part).toContain('Change');
    }
  });
});

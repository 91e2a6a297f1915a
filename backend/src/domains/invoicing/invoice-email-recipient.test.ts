/**
 * "Send by email" with the address left blank ("Blank: the customer's email") sends an issued
 * invoice to the customer's email as it is now on their record, as a quote does, not to the one
 * they had when it was issued; a customer with no email left falls back to that one.
 */
import { expect, it } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import type { InvoiceView } from '../../contract/index.js';
import { createMailer } from '../../core/mailer.js';

it("a blank 'to' sends an invoice to the customer's current email", async () => {
  const smtp = await startSmtp();
  try {
    const deps = await testDeps(undefined, {
      clock: fixedClock(),
      mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
    });
    const { agent } = await ownerAgent(deps);
    await agent
      .patch('/api/tenant')
      .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678' })
      .expect(200);
    const customerId = (
      await agent
        .post('/api/customers')
        .send({ name: 'Norte SL', taxId: 'B87654321', email: 'old@norte.example' })
        .expect(201)
    ).body.id as string;
    const draft = await agent
      .post('/api/invoices')
      .send({ customerId, lines: [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }] })
      .expect(201);
    const invoice = (await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    expect(invoice.buyer.email).toBe('old@norte.example');

    await agent.patch(`/api/customers/${customerId}`).send({ email: 'facturas@norte.example' }).expect(200);
    const res = await agent.post(`/api/invoices/${invoice.id}/email`).send({}).expect(200);
    expect(res.body.sentTo).toBe('facturas@norte.example');
    expect((await smtp.waitForMessage()).to).toEqual(['facturas@norte.example']);

    // No email on the record any more: the one the invoice was issued with.
    await agent.patch(`/api/customers/${customerId}`).send({ email: null }).expect(200);
    const fallback = await agent.post(`/api/invoices/${invoice.id}/email`).send({}).expect(200);
    expect(fallback.body.sentTo).toBe('old@norte.example');
  } finally {
    await smtp.close();
  }
});

import { expect, it } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import type { InvoiceView, VoidResult } from '../../contract/index.js';
import { createMailer } from '../../core/mailer.js';

/** A Spanish business with a customer and an issued invoice of 2 × 50,00 € at 21 %, mail to a real SMTP server. */
async function shop() {
  const smtp = await startSmtp();
  const deps = await testDeps(undefined, {
    clock: fixedClock(),
    mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
  });
  const owner = await ownerAgent(deps);
  await owner.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', locale: 'es-ES' })
    .expect(200);
  const customerId = (
    await owner.agent
      .post('/api/customers')
      .send({ name: 'Norte SL', taxId: 'B87654321', email: 'facturas@norte.example' })
      .expect(201)
  ).body.id as string;
  const draft = await owner.agent
    .post('/api/invoices')
    .send({ customerId, lines: [{ description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 }] })
    .expect(201);
  const invoice = (await owner.agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
    .body as InvoiceView;
  return { ...owner, smtp, customerId, invoice };
}

it('a credit note is emailed as a credit note naming the invoice it corrects', async () => {
  const s = await shop();
  const { creditNote } = (await s.agent.post(`/api/invoices/${s.invoice.id}/void`).send({}).expect(200))
    .body as VoidResult;
  await s.agent.post(`/api/invoices/${creditNote?.id}/email`).send({}).expect(200);
  const mail = await s.smtp.waitForMessage();
  await s.smtp.close();
  expect(mail.subject).toBe(`Factura rectificativa ${creditNote?.number} de Café La Esquina`);
  expect(mail.text).toContain(
    `te envía la factura rectificativa ${creditNote?.number}, que rectifica la factura ${s.invoice.number}.`,
  );
  expect(mail.text).not.toContain('te envía la factura A-');
});

it("the emailed text's figures add up: quantity × price, the discount, base and tax per rate, total", async () => {
  const s = await shop();
  // Exclusive prices (the API's default): 2 × 50,00 € at 21 % with 10,00 € off the line.
  const quote = (
    await s.agent
      .post('/api/quotes')
      .send({
        customerId: s.customerId,
        lines: [
          {
            description: 'Consultoría',
            qty: 2,
            unitPrice: 5000,
            taxRateBp: 2100,
            discount: { kind: 'amount', amount: 1000 },
          },
        ],
      })
      .expect(201)
  ).body;
  expect(quote.total).toBe(10_890);
  await s.agent.post(`/api/quotes/${quote.id}/send`).send({}).expect(200);
  const mail = await s.smtp.waitForMessage();
  await s.smtp.close();
  const text = mail.text.replace(/\s/g, ' ');
  expect(text).toContain('1. Consultoría: 2 × 50,00 € = 100,00 €');
  expect(text).toContain('Descuento: −10,00 €');
  expect(text).toContain('IVA 21 %: Base imponible 90,00 € · Cuota 18,90 €');
  expect(text).toContain('Total: 108,90 €');
});

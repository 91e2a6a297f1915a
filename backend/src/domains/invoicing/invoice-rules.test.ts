/**
 * The rules an issued document keeps (session 11 review): an issue date in
 * order with its number, the seller's legal details on every invoice, a quote
 * given back when its draft invoice is voided, a quote whose customer is gone,
 * an invoice that comes to zero, and a quote's date in the business's zone.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import type { InvoiceView, QuoteView, VoidResult } from '../../contract/index.js';
import { createMailer } from '../../core/mailer.js';

const LEGAL = { legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' };
const LINES = [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }];

async function shop(opts: { at?: string; legal?: boolean } = {}) {
  const smtp = await startSmtp();
  const clock = fixedClock(opts.at);
  const deps = await testDeps(undefined, {
    clock,
    mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
  });
  const owner = await ownerAgent(deps);
  if (opts.legal !== false) await owner.agent.patch('/api/tenant').send(LEGAL).expect(200);
  const customerId = (
    await owner.agent
      .post('/api/customers')
      .send({ name: 'Norte SL', taxId: 'B87654321', email: 'c@norte.example', address: 'Calle 1' })
      .expect(201)
  ).body.id as string;
  return { ...owner, smtp, clock, customerId };
}
type Shop = Awaited<ReturnType<typeof shop>>;

async function draft(s: Shop, lines: unknown[] = LINES, customerId = s.customerId) {
  return (await s.agent.post('/api/invoices').send({ customerId, lines }).expect(201)).body as InvoiceView;
}

describe('issue dates follow the numbers', () => {
  it('an invoice dated before the last one of its series, or after today, is refused and stays a draft', async () => {
    const s = await shop();
    const [a, b] = [await draft(s), await draft(s)];
    const first = (await s.agent.post(`/api/invoices/${a.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    expect(first.issueDate).toBe('2026-11-25');

    for (const issueDate of ['2020-01-01', '2026-11-24', '2027-03-01', '2026-11-26']) {
      const res = await s.agent.post(`/api/invoices/${b.id}/issue`).send({ issueDate });
      expect(res.status, issueDate).toBe(400);
      expect(res.body).toMatchObject({ code: 'issue-date-invalid', field: 'issueDate' });
    }
    expect((await s.agent.get(`/api/invoices/${b.id}`).expect(200)).body).toMatchObject({
      status: 'draft',
      number: null,
    });
    // The refused tries took no number: the series stays gap-free.
    const second = (
      await s.agent.post(`/api/invoices/${b.id}/issue`).send({ issueDate: '2026-11-25' }).expect(200)
    ).body as InvoiceView;
    expect(second.number).toBe(first.number?.replace(/1$/, '2'));
  });

  it('a later date than the last one is fine (an invoice dated yesterday after one of last week)', async () => {
    const s = await shop();
    const [a, b] = [await draft(s), await draft(s)];
    await s.agent.post(`/api/invoices/${a.id}/issue`).send({ issueDate: '2026-11-18' }).expect(200);
    const res = await s.agent
      .post(`/api/invoices/${b.id}/issue`)
      .send({ issueDate: '2026-11-24' })
      .expect(200);
    expect(res.body.issueDate).toBe('2026-11-24');
  });

  it('a credit note cannot be dated before the invoice it voids, nor after today; the invoice stays issued', async () => {
    const s = await shop();
    const a = await draft(s);
    await s.agent.post(`/api/invoices/${a.id}/issue`).send({ issueDate: '2026-11-20' }).expect(200);
    for (const issueDate of ['2026-11-19', '2026-11-26']) {
      const res = await s.agent.post(`/api/invoices/${a.id}/void`).send({ issueDate });
      expect(res.status, issueDate).toBe(400);
      expect(res.body).toMatchObject({ code: 'issue-date-invalid', field: 'issueDate' });
    }
    expect((await s.agent.get(`/api/invoices/${a.id}`).expect(200)).body.status).toBe('issued');
    const voided = (
      await s.agent.post(`/api/invoices/${a.id}/void`).send({ issueDate: '2026-11-20' }).expect(200)
    ).body as VoidResult;
    expect(voided.creditNote?.issueDate).toBe('2026-11-20');
  });
});

describe('the seller on every invoice', () => {
  it('an invoice is not issued while the business has no tax id; once it has, the invoice carries it', async () => {
    const s = await shop({ legal: false });
    const a = await draft(s);
    const res = await s.agent.post(`/api/invoices/${a.id}/issue`).send({});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'business-tax-id-missing', field: 'taxId' });
    expect((await s.agent.get(`/api/invoices/${a.id}`).expect(200)).body.status).toBe('draft');

    await s.agent.patch('/api/tenant').send({ taxId: 'B12345678' }).expect(200);
    const noName = await s.agent.post(`/api/invoices/${a.id}/issue`).send({});
    expect(noName.body).toMatchObject({ code: 'business-tax-id-missing', field: 'legalName' });

    await s.agent.patch('/api/tenant').send(LEGAL).expect(200);
    const issued = (await s.agent.post(`/api/invoices/${a.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    expect(issued.seller).toMatchObject({ name: LEGAL.legalName, taxId: LEGAL.taxId });
  });

  it('a buyer without a tax id (a consumer) still gets an invoice, with no buyer tax id', async () => {
    const s = await shop();
    const consumer = (await s.agent.post('/api/customers').send({ name: 'Lucía Gómez' }).expect(201)).body.id;
    const a = await draft(s, LINES, consumer);
    const issued = (await s.agent.post(`/api/invoices/${a.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    expect(issued.buyer).toMatchObject({ name: 'Lucía Gómez', taxId: null });
  });
});

describe('quotes and their invoices', () => {
  it('voiding the draft a quote was converted into gives the quote back, as it was (sent), to convert again', async () => {
    const s = await shop();
    const q = (await s.agent.post('/api/quotes').send({ customerId: s.customerId, lines: LINES }).expect(201))
      .body as QuoteView;
    await s.agent.post(`/api/quotes/${q.id}/send`).send({}).expect(200);
    const conv = (await s.agent.post(`/api/quotes/${q.id}/convert`).send({ issue: false }).expect(201)).body;
    await s.agent.post(`/api/invoices/${conv.invoice.id}/void`).send({}).expect(200);

    const back = (await s.agent.get(`/api/quotes/${q.id}`).expect(200)).body;
    expect(back).toMatchObject({ status: 'sent', invoiceId: null });
    const again = (await s.agent.post(`/api/quotes/${q.id}/convert`).send({}).expect(201)).body;
    expect(again.invoice).toMatchObject({ status: 'issued', total: q.total });
    expect(again.quote).toMatchObject({ status: 'converted', invoiceId: again.invoice.id });
  });

  it('a quote whose customer was removed is neither sent nor converted, and says why', async () => {
    const s = await shop();
    const q = (await s.agent.post('/api/quotes').send({ customerId: s.customerId, lines: LINES }).expect(201))
      .body as QuoteView;
    await s.agent.delete(`/api/customers/${s.customerId}`).expect(204);
    for (const [path, body] of [
      ['convert', {}],
      ['send', { to: 'otro@norte.example' }],
    ] as const) {
      const res = await s.agent.post(`/api/quotes/${q.id}/${path}`).send(body);
      expect(res.status, path).toBe(409);
      expect([res.body.code, res.body.field], path).toEqual(['quote-customer-removed', 'customerId']);
    }
    expect((await s.agent.get(`/api/quotes/${q.id}`).expect(200)).body.status).toBe('open');
    expect(s.smtp.messages.length).toBe(0);
  });

  it('the emailed quote made just after midnight in Madrid is dated that Madrid day', async () => {
    // 00:30 on 26 November in Madrid (UTC+1) is 23:30 on the 25th in UTC.
    const s = await shop({ at: '2026-11-25T23:30:00.000Z' });
    const q = (await s.agent.post('/api/quotes').send({ customerId: s.customerId, lines: LINES }).expect(201))
      .body as QuoteView;
    await s.agent.post(`/api/quotes/${q.id}/send`).send({}).expect(200);
    const mail = await s.smtp.waitForMessage();
    expect(/Fecha de emisión: <strong>([^<]*)</.exec(mail.html)?.[1]).toBe('26 de noviembre de 2026');
  });
});

describe('an invoice that comes to zero', () => {
  it('is paid as soon as it is issued, and takes no payment', async () => {
    const s = await shop();
    const a = await draft(s, [{ ...LINES[0], discount: { kind: 'percent', bp: 10000 } }]);
    const issued = (await s.agent.post(`/api/invoices/${a.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    expect(issued).toMatchObject({ total: 0, status: 'paid', balance: 0 });
    const pay = await s.agent.post(`/api/invoices/${a.id}/payments`).send({ amount: 1, method: 'cash' });
    expect(pay.status).toBe(409);
  });
});

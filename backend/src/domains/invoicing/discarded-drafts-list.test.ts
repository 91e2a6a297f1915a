/**
 * A draft discarded before issue is void with no number: it never reached the books. The invoice
 * list's "Anulada" (void) filter means invoices issued and then cancelled by a credit note; the
 * discarded drafts have their own filter value, `discarded`, and are not mixed in.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, ownerAgent, testDeps } from '../../../test/helpers.js';
import type { InvoiceListPage, InvoiceView } from '../../contract/index.js';

const LINE = { description: 'Sala de reuniones', qty: 1, unitPrice: 5000, taxRateBp: 2100 };

async function books() {
  const { agent } = await ownerAgent(await testDeps(undefined, { clock: fixedClock() }));
  await agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const customerId = (
    await agent.post('/api/customers').send({ name: 'Coworking Norte SL', taxId: 'B87654321' }).expect(201)
  ).body.id as string;
  const draft = async () =>
    (
      await agent
        .post('/api/invoices')
        .send({ customerId, lines: [LINE] })
        .expect(201)
    ).body as InvoiceView;
  const discarded = await draft();
  await agent.post(`/api/invoices/${discarded.id}/void`).send({}).expect(200);
  const voided = await draft();
  await agent.post(`/api/invoices/${voided.id}/issue`).send({}).expect(200);
  await agent.post(`/api/invoices/${voided.id}/void`).send({}).expect(200);
  const open = await draft();
  const list = async (query: string) => {
    const page = (await agent.get(`/api/invoices?${query}`).expect(200)).body as InvoiceListPage;
    return { ids: page.invoices.map((i) => i.id).sort(), total: page.total, rows: page.invoices };
  };
  return { agent, discarded: discarded.id, voided: voided.id, open: open.id, list };
}

describe('GET /api/invoices and discarded drafts', () => {
  it('lists only issued invoices cancelled by a credit note under status=void', async () => {
    const b = await books();
    const { ids, total, rows } = await b.list('status=void');
    expect(ids).toEqual([b.voided]);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ kind: 'invoice', status: 'void', number: expect.stringMatching(/^F-/) });
  });

  it('lists the drafts discarded before issue, with no number, under status=discarded', async () => {
    const b = await books();
    const { ids, total, rows } = await b.list('status=discarded');
    expect(ids).toEqual([b.discarded]);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ status: 'void', number: null, issueDate: null });
  });

  it('still lists a discarded draft with the rest when no status is chosen', async () => {
    const b = await books();
    const { ids } = await b.list('');
    expect(ids).toEqual(expect.arrayContaining([b.discarded, b.voided, b.open]));
  });

  it('refuses a status it does not know with 400 naming the field', async () => {
    const b = await books();
    const res = await b.agent.get('/api/invoices?status=descartado').expect(400);
    expect(res.type).toBe('application/problem+json');
    expect([res.body.code, res.body.field]).toEqual(['validation-failed', 'status']);
  });

  it('a discarded draft is not emailed (it invoiced nothing) nor edited, and says why without a null number', async () => {
    const b = await books();
    const sent = await b.agent
      .post(`/api/invoices/${b.discarded}/email`)
      .send({ to: 'cliente@example.com' })
      .expect(409);
    expect(sent.body.code).toBe('invoice-not-issued');
    const edited = await b.agent
      .patch(`/api/invoices/${b.discarded}`)
      .send({ lines: [{ ...LINE, qty: 2 }] })
      .expect(409);
    expect(edited.body).toMatchObject({
      code: 'invoice-not-draft',
      detail: expect.stringContaining('discarded'),
    });
    expect(edited.body.detail).not.toContain('null');
  });

  it('refuses an issue-date range whose end is before its start, as the sales list does', async () => {
    const b = await books();
    const res = await b.agent.get('/api/invoices?from=2026-11-26&to=2026-11-25').expect(400);
    expect(res.type).toBe('application/problem+json');
    expect([res.body.code, res.body.field]).toEqual(['validation-failed', 'to']);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'to', code: 'to-before-from' })]);
    // One day, and an open end, still list.
    await b.agent.get('/api/invoices?from=2026-11-25&to=2026-11-25').expect(200);
    await b.agent.get('/api/invoices?from=2026-11-25').expect(200);
  });
});

/**
 * What an invoice owes back (`refundDue`) is cleared by recording the money given back
 * (POST /api/invoices/:id/give-back): a negative payment on the void's credit note, filed in the
 * register's shift so the drawer expects that much less. Never more than is owed, never for
 * another business's invoice.
 */
import { expect, it } from 'vitest';
import { insertOpenShift } from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { InvoiceView, ShiftReport, VoidResult } from '../../contract/index.js';

it('records money given back of a voided invoice, at most what it owes, in the shift', async () => {
  const deps = await testDeps(undefined, { clock: fixedClock() });
  const { agent, session, app } = await ownerAgent(deps);
  const tenantId = session.tenant?.id as string;
  await agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }).expect(200);
  const customerId = (await agent.post('/api/customers').send({ name: 'Norte SL' }).expect(201)).body
    .id as string;
  const shift = await insertOpenShift(deps, tenantId, { openingFloat: 10_000 });
  const draft = await agent
    .post('/api/invoices')
    .send({ customerId, lines: [{ description: 'Consultoría', qty: 1, unitPrice: 10_000, taxRateBp: 0 }] })
    .expect(201);
  const inv = (await agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
    .body as InvoiceView;
  const giveBack = (body: Record<string, unknown>) =>
    agent.post(`/api/invoices/${inv.id}/give-back`).send(body);

  // Nothing is owed back on a live invoice paid in part.
  await agent.post(`/api/invoices/${inv.id}/payments`).send({ amount: 3000, method: 'cash' }).expect(200);
  const early = await giveBack({ amount: 1, method: 'cash' });
  expect([early.status, early.body.code, early.body.field]).toEqual([409, 'give-back-exceeds-due', 'amount']);

  const voided = (await agent.post(`/api/invoices/${inv.id}/void`).send({}).expect(200)).body as VoidResult;
  expect(voided.invoice.refundDue).toBe(3000);
  const before = (await agent.get(`/api/shifts/${shift}/report`).expect(200)).body as ShiftReport;
  expect(before.expectedCash).toBe(13_000);

  const over = await giveBack({ amount: 3001, method: 'cash' });
  expect([over.status, over.body.code, over.body.field]).toEqual([409, 'give-back-exceeds-due', 'amount']);
  const badMethod = await giveBack({ amount: 100, method: 'bitcoin' });
  expect([badMethod.status, badMethod.body.code, badMethod.body.field]).toEqual([
    400,
    'payment-method-unknown',
    'method',
  ]);
  const zero = await giveBack({ amount: 0, method: 'cash' });
  expect([zero.status, zero.body.field]).toEqual([400, 'amount']);
  // Another business cannot touch it.
  const otherTenant = await addBusiness(deps, 'Tienda B');
  await addMember(deps, otherTenant, { email: 'owner-b@b.example', role: 'OWNER' });
  const other = await signedInAgent(app, 'owner-b@b.example');
  const foreign = await other.post(`/api/invoices/${inv.id}/give-back`).send({ amount: 100, method: 'cash' });
  expect(foreign.status).toBe(404);
  const payments = async () =>
    (
      await deps.db
        .selectFrom('invoice_payments')
        .select(['invoice_id', 'amount', 'shift_id'])
        .where('tenant_id', '=', tenantId)
        .orderBy('amount')
        .execute()
    ).map((p) => [p.invoice_id, Number(p.amount), p.shift_id]);
  expect(await payments()).toEqual([[inv.id, 3000, shift]]);

  const done = await giveBack({ amount: 3000, method: 'cash', reference: 'Devuelto en caja' });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect(done.body as InvoiceView).toMatchObject({ id: inv.id, status: 'void', refundDue: 0 });
  // On the void's credit note, as counter refunds record theirs: money back.
  expect(await payments()).toEqual([
    [voided.creditNote?.id, -3000, shift],
    [inv.id, 3000, shift],
  ]);
  const after = (await agent.get(`/api/shifts/${shift}/report`).expect(200)).body as ShiftReport;
  expect(after.expectedCash).toBe(10_000);
  // Given back once: nothing more is owed.
  const twice = await giveBack({ amount: 1, method: 'cash' });
  expect([twice.status, twice.body.code]).toEqual([409, 'give-back-exceeds-due']);
  const audit = await deps.db
    .selectFrom('audit_entries')
    .select('summary')
    .where('command', '=', 'invoicing.invoice.give_back')
    .execute();
  expect(audit).toHaveLength(1);
});

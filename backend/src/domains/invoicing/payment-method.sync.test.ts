/**
 * A payment a console records offline by a method the office stops offering meanwhile still
 * reaches the hub: the console checked the method when it recorded it, and the hub's replay keeps
 * what the console recorded.
 */
import type { Response } from 'supertest';
import { expect, it } from 'vitest';
import type { InvoiceView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

async function ok<T = { id: string }>(req: Promise<Response>): Promise<T> {
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body as T;
}

it('an invoice payment recorded offline by a method removed meanwhile reaches the hub', async () => {
  const hub = await startHub();
  await ok(hub.owner.agent.patch('/api/tenant').send({ legalName: 'Café S.L.', taxId: 'B12345678' }));
  await ok(hub.owner.agent.put('/api/pos/settings').send({ extraPaymentMethods: ['bizum'] }));
  const a = await linkedConsole(hub, 'Caja A');
  const customer = await ok(a.agent.post('/api/customers').send({ name: 'Norte SL' }));
  const draft = await ok(
    a.agent.post('/api/invoices').send({
      customerId: customer.id,
      lines: [{ description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 }],
    }),
  );
  const issued = await ok<InvoiceView>(a.agent.post(`/api/invoices/${draft.id}/issue`).send({}));
  await a.sync();

  a.net.state.down = true;
  await ok(hub.owner.agent.put('/api/pos/settings').send({ extraPaymentMethods: [] }));
  const paid = await ok<InvoiceView>(
    a.agent.post(`/api/invoices/${issued.id}/payments`).send({ amount: issued.total, method: 'bizum' }),
  );
  expect(paid.status).toBe('paid');
  a.net.state.down = false;
  await a.sync();

  const onHub = await ok<InvoiceView>(hub.owner.agent.get(`/api/invoices/${issued.id}`));
  expect(onHub).toMatchObject({ status: 'paid', paid: issued.total });
  expect(onHub.payments.map((p) => p.method)).toEqual(['bizum']);
  // Live, on the hub, the method is no longer taken.
  const res = await hub.owner.agent
    .post(`/api/invoices/${issued.id}/payments`)
    .send({ amount: 1, method: 'bizum' });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'payment-method-unknown', field: 'method' });
  expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
}, 120_000);

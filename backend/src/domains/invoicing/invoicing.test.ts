import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import type { InvoiceView, QuoteView, VoidResult } from '../../contract/index.js';
import { createMailer } from '../../core/mailer.js';
import { priceCart } from '../../core/money.js';
import type { DB } from '../../db/schema.js';

async function shop(db?: Kysely<DB>) {
  const smtp = await startSmtp();
  const deps = await testDeps(db, {
    clock: fixedClock(),
    mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
  });
  const owner = await ownerAgent(deps);
  const tenantId = owner.session.tenant?.id as string;
  await deps.db
    .updateTable('tenants')
    .set({ legal_name: 'Café La Esquina S.L.', tax_id: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .where('id', '=', tenantId)
    .execute();
  return { ...owner, smtp, tenantId, db: deps.db };
}
type Shop = Awaited<ReturnType<typeof shop>>;

async function customer(s: Shop, body: Record<string, unknown> = {}) {
  const res = await s.agent
    .post('/api/customers')
    .send({
      name: 'Coworking Norte SL',
      taxId: 'B87654321',
      email: 'cuentas@norte.example',
      address: 'Av. Norte 5',
      ...body,
    })
    .expect(201);
  return res.body.id as string;
}

const LINES = [
  { description: 'Café en grano', qty: 3, unitPrice: 1250, taxRateBp: 1000 },
  { description: 'Taza', qty: 1.5, unitPrice: 999, taxRateBp: 2100, discount: { kind: 'percent', bp: 1000 } },
  { description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 },
];

async function issued(s: Shop, customerId: string, lines = LINES) {
  const draft = await s.agent.post('/api/invoices').send({ customerId, lines }).expect(201);
  const res = await s.agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200);
  return res.body as InvoiceView;
}

async function counts(db: Kysely<DB>) {
  const n = async (
    t: 'invoices' | 'invoice_lines' | 'invoice_payments' | 'audit_entries' | 'customers' | 'quotes',
  ) =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    invoices: await n('invoices'),
    lines: await n('invoice_lines'),
    payments: await n('invoice_payments'),
    audit: await n('audit_entries'),
    customers: await n('customers'),
    quotes: await n('quotes'),
  };
}

async function invoiceFlow(db?: Kysely<DB>) {
  const s = await shop(db);
  const customerId = await customer(s);
  const draft = await s.agent.post('/api/invoices').send({ customerId, lines: LINES }).expect(201);
  // A draft shows the parties as they are now (InvoiceView's contract); the snapshot waits for issue.
  expect(draft.body).toMatchObject({
    status: 'draft',
    number: null,
    seller: { name: 'Café La Esquina S.L.' },
  });
  const unsnapped = await s.db
    .selectFrom('invoices')
    .select(['seller_name', 'buyer_name'])
    .where('id', '=', draft.body.id)
    .executeTakeFirstOrThrow();
  expect(unsnapped).toEqual({ seller_name: null, buyer_name: null });

  const inv = (await s.agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
    .body as InvoiceView;
  expect(inv.number).toMatch(/^F-[0-9A-F]{4}-000001$/);
  expect(inv).toMatchObject({
    status: 'issued',
    issueDate: '2026-11-25',
    currency: 'EUR',
    seller: { name: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' },
    buyer: { name: 'Coworking Norte SL', taxId: 'B87654321', address: 'Av. Norte 5' },
  });
  const expected = priceCart(
    [
      { unitPrice: 1250, qtyMilli: 3000, taxRateBp: 1000 },
      { unitPrice: 999, qtyMilli: 1500, taxRateBp: 2100, discount: { kind: 'percent', bp: 1000 } },
      { unitPrice: 5000, qtyMilli: 2000, taxRateBp: 2100 },
    ],
    null,
    { prices: 'exclusive', rounding: 'line' },
  );
  expect(inv.taxes).toEqual(expected.taxes);
  expect([inv.subtotal, inv.taxTotal, inv.total]).toEqual([expected.base, expected.tax, expected.total]);

  const part = await s.agent
    .post(`/api/invoices/${inv.id}/payments`)
    .send({ amount: 1000, method: 'card' })
    .expect(200);
  expect(part.body).toMatchObject({ status: 'partially_paid', paid: 1000, balance: inv.total - 1000 });
  const over = await s.agent
    .post(`/api/invoices/${inv.id}/payments`)
    .send({ amount: inv.total, method: 'cash' })
    .expect(409);
  expect(over.body).toMatchObject({ code: 'payment-exceeds-balance', field: 'amount' });
  const full = await s.agent
    .post(`/api/invoices/${inv.id}/payments`)
    .send({ amount: inv.total - 1000, method: 'cash' })
    .expect(200);
  expect(full.body).toMatchObject({ status: 'paid', balance: 0 });

  const voided = (
    await s.agent.post(`/api/invoices/${inv.id}/void`).send({ reason: 'Error en el NIF' }).expect(200)
  ).body as VoidResult;
  expect(voided.invoice).toMatchObject({ id: inv.id, status: 'void', number: inv.number, total: inv.total });
  expect(voided.creditNote).toMatchObject({
    kind: 'credit_note',
    status: 'issued',
    correctsId: inv.id,
    total: -inv.total,
    taxTotal: -inv.taxTotal,
  });
  expect(voided.creditNote?.number).toMatch(/^A-[0-9A-F]{4}-000001$/);
  expect(voided.creditNote?.taxes).toEqual(
    inv.taxes.map((t) => ({ ...t, base: -t.base, tax: -t.tax, total: -t.total })),
  );
  expect((await s.agent.get(`/api/invoices/${inv.id}`).expect(200)).body.creditNoteId).toBe(
    voided.creditNote?.id,
  );

  const before = await counts(s.db);
  const payVoid = await s.agent
    .post(`/api/invoices/${inv.id}/payments`)
    .send({ amount: 1, method: 'cash' })
    .expect(409);
  expect(payVoid.body.code).toBe('invoice-void');
  expect(await counts(s.db)).toEqual(before);
  return s;
}

describe('invoices', () => {
  it('issues, takes partial then full payment, and voids with a credit note (SQLite)', async () => {
    const s = await invoiceFlow();
    await s.agent.post('/api/invoices/missing/email').send({}).expect(404);
  });

  it('runs the same invoice flow on Postgres', async () => {
    await invoiceFlow(await freshPostgres());
  });

  it('numbers invoices gap-free per device, and a failed issue takes no number', async () => {
    const s = await shop();
    const customerId = await customer(s);
    const a = await issued(s, customerId);
    const draft = await s.agent.post('/api/invoices').send({ customerId, lines: LINES }).expect(201);
    await s.db
      .updateTable('customers')
      .set({ deleted_at: '2026-11-25T10:00:00.000Z' })
      .where('id', '=', customerId)
      .execute();
    await s.agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(400);
    await s.db.updateTable('customers').set({ deleted_at: null }).where('id', '=', customerId).execute();
    const b = (await s.agent.post(`/api/invoices/${draft.body.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    const c = await issued(s, customerId);
    const tail = (n: string | null) => n?.slice(-6);
    expect([a.number, b.number, c.number].map(tail)).toEqual(['000001', '000002', '000003']);
    expect(new Set([a, b, c].map((i) => i.number?.slice(0, 6))).size).toBe(1);
    await s.agent.post(`/api/invoices/${c.id}/issue`).send({}).expect(409);
  });

  it('prints an A4 page with the legal fields and emails the invoice to the customer', async () => {
    const s = await shop();
    const inv = await issued(s, await customer(s));
    const page = await s.agent.get(`/api/invoices/${inv.id}/print`).expect(200);
    expect(page.type).toBe('text/html');
    for (const text of [
      'size:A4',
      inv.number as string,
      'B12345678',
      'B87654321',
      'Base imponible',
      '21 %',
      '10 %',
    ]) {
      expect(page.text).toContain(text);
    }
    await s.agent.post(`/api/invoices/${inv.id}/email`).send({}).expect(200);
    const mail = await s.smtp.waitForMessage();
    expect(mail.to).toEqual(['cuentas@norte.example']);
    expect(mail.subject).toBe(`Factura ${inv.number} de Café La Esquina`);
    expect(mail.html).toContain('B87654321');
  });

  it('refuses bad input with the field and writes nothing', async () => {
    const s = await shop();
    const customerId = await customer(s);
    const before = await counts(s.db);
    const missing = await s.agent.post('/api/invoices').send({ lines: LINES }).expect(400);
    expect(missing.body).toMatchObject({ code: 'customer-required', field: 'customerId' });
    const unknown = await s.agent
      .post('/api/invoices')
      .send({ customerId: 'nope', lines: LINES })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'customer-unknown', field: 'customerId' });
    const negative = await s.agent
      .post('/api/invoices')
      .send({ customerId, lines: [{ ...LINES[0], qty: -1 }] })
      .expect(400);
    expect(negative.body).toMatchObject({ code: 'validation-failed', field: 'lines.0.qty' });
    expect(negative.body.errors[0].code).toBe('quantity-not-positive');
    const discount = await s.agent
      .post('/api/invoices')
      .send({ customerId, lines: [{ ...LINES[0], discount: { kind: 'amount', amount: 999_999 } }] })
      .expect(400);
    expect(discount.body).toMatchObject({ code: 'discount-exceeds-amount', field: 'lines.0.discount' });
    const fromSale = await s.agent.post('/api/invoices/from-sale/nope').send({}).expect(404);
    expect(fromSale.body.code).toBe('not-found');
    expect(await counts(s.db)).toEqual(before);
  });

  it("keeps each business's invoices and customers to itself", async () => {
    const s = await shop();
    const inv = await issued(s, await customer(s));
    const customerA = inv.customerId;
    const tenantB = await addBusiness(s.deps, 'Tienda B');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@b.example');
    await b.get(`/api/invoices/${inv.id}`).expect(404);
    await b.get(`/api/invoices/${inv.id}/print`).expect(404);
    await b.post(`/api/invoices/${inv.id}/issue`).send({}).expect(404);
    await b.post(`/api/invoices/${inv.id}/payments`).send({ amount: 1, method: 'cash' }).expect(404);
    await b.post(`/api/invoices/${inv.id}/void`).send({}).expect(404);
    await b.get(`/api/customers/${customerA}`).expect(404);
    await b.get(`/api/customers/${customerA}/history`).expect(404);
    await b.post('/api/invoices').send({ customerId: customerA, lines: LINES }).expect(400);
    expect((await b.get('/api/invoices').expect(200)).body.invoices).toEqual([]);
    expect((await b.get('/api/customers').expect(200)).body.customers).toEqual([]);
    const still = (await s.agent.get(`/api/invoices/${inv.id}`).expect(200)).body as InvoiceView;
    expect(still).toMatchObject({ status: 'issued', paid: 0 });
  });
});

describe('customers', () => {
  it('creates, searches, edits, tombstones and shows the history', async () => {
    const s = await shop();
    const id = await customer(s);
    await customer(s, { name: 'Ana García', taxId: null, email: null });
    expect(
      (await s.agent.get('/api/customers?q=norte').expect(200)).body.customers.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([id]);
    expect((await s.agent.get('/api/customers?q=b8765').expect(200)).body.customers).toHaveLength(1);
    await s.agent.patch(`/api/customers/${id}`).send({ phone: '600 000 000' }).expect(200);
    const inv = await issued(s, id);
    const history = (await s.agent.get(`/api/customers/${id}/history`).expect(200)).body;
    expect(history.invoices.map((i: { id: string }) => i.id)).toEqual([inv.id]);
    expect(history.customer.phone).toBe('600 000 000');
    await s.agent.delete(`/api/customers/${id}`).expect(204);
    await s.agent.get(`/api/customers/${id}`).expect(404);
    expect((await s.agent.get(`/api/invoices/${inv.id}`).expect(200)).body.buyer.name).toBe(
      'Coworking Norte SL',
    );
  });
});

describe('quotes', () => {
  it('lets STAFF create and send quotes but not invoices or conversions', async () => {
    const s = await shop();
    const customerId = await customer(s);
    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    const quote = (await staff.post('/api/quotes').send({ customerId, lines: LINES }).expect(201))
      .body as QuoteView;
    expect(quote.number).toMatch(/^Q-[0-9A-F]{4}-000001$/);
    expect(quote).toMatchObject({ status: 'open', validUntil: '2026-12-25' });
    await staff.post(`/api/quotes/${quote.id}/send`).send({}).expect(200);
    const mail = await s.smtp.waitForMessage();
    expect(mail.subject).toBe(`Presupuesto ${quote.number} de Café La Esquina`);
    expect(mail.html).toContain('Presupuesto');
    expect((await staff.post('/api/invoices').send({ customerId, lines: LINES }).expect(403)).body.code).toBe(
      'forbidden',
    );
    await staff.post(`/api/quotes/${quote.id}/convert`).send({}).expect(403);

    const converted = await s.agent.post(`/api/quotes/${quote.id}/convert`).send({}).expect(201);
    expect(converted.body.quote).toMatchObject({ status: 'converted', invoiceId: converted.body.invoice.id });
    expect(converted.body.invoice).toMatchObject({
      status: 'issued',
      total: quote.total,
      taxes: quote.taxes,
    });
    expect((await s.agent.post(`/api/quotes/${quote.id}/convert`).send({}).expect(409)).body.code).toBe(
      'quote-converted',
    );
  });

  it('refuses to convert an expired quote', async () => {
    const s = await shop();
    const customerId = await customer(s);
    const quote = (
      await s.agent
        .post('/api/quotes')
        .send({ customerId, lines: LINES, validUntil: '2026-11-30' })
        .expect(201)
    ).body as QuoteView;
    // A quote from last week whose last valid day was yesterday (the business's today is 2026-11-25).
    await s.db.updateTable('quotes').set({ valid_until: '2026-11-24' }).where('id', '=', quote.id).execute();
    expect((await s.agent.get(`/api/quotes/${quote.id}`).expect(200)).body.status).toBe('expired');
    const before = await counts(s.db);
    const res = await s.agent.post(`/api/quotes/${quote.id}/convert`).send({}).expect(409);
    expect(res.body.code).toBe('quote-expired');
    expect(await counts(s.db)).toEqual(before);
  });
});

/**
 * Quote → sale at the counter, an invoice made from a sale (paid at the
 * counter, partly refunded), editing drafts and open quotes, credit-note
 * links after a reload and documents emailed with the document attached as a PDF.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOpenShift, insertProduct } from '../../../test/builders.js';
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
import type {
  InvoiceView,
  QuoteView,
  RefundView,
  SaleView,
  ShiftReport,
  VoidResult,
} from '../../contract/index.js';
import { createMailer } from '../../core/mailer.js';
import { priceCart } from '../../core/money.js';
import { execute } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { invoiceFromSale } from './invoicing.commands.js';

async function shop(db?: Kysely<DB>) {
  const smtp = await startSmtp();
  const deps = await testDeps(db, {
    clock: fixedClock(),
    mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
  });
  const owner = await ownerAgent(deps);
  // An invoice carries the seller's legal name and tax id: a business issues none without them.
  await owner.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const tenantId = owner.session.tenant?.id as string;
  const coffee = await insertProduct(deps.db, tenantId, { name: 'Café en grano', price: 1400 });
  const mug = await insertProduct(deps.db, tenantId, { name: 'Taza', price: 1100 });
  const customerId = (
    await owner.agent
      .post('/api/customers')
      .send({ name: 'Coworking Norte SL', taxId: 'B87654321', email: 'cuentas@norte.example' })
      .expect(201)
  ).body.id as string;
  const shiftId = await insertOpenShift(deps, tenantId);
  return { ...owner, smtp, tenantId, db: deps.db, coffee, mug, customerId, shiftId };
}
type Shop = Awaited<ReturnType<typeof shop>>;

/** Quoted below the shelf price, with a discount, so a sale at shelf prices would not match. */
const productLines = (s: Shop) => [
  { productId: s.coffee, description: 'Café en grano 1 kg', qty: 3, unitPrice: 1250, taxRateBp: 1000 },
  {
    productId: s.mug,
    description: 'Taza',
    qty: 2,
    unitPrice: 999,
    taxRateBp: 2100,
    discount: { kind: 'percent', bp: 1000 },
  },
];

async function quoteOf(s: Shop, lines: unknown[] = productLines(s), extra: Record<string, unknown> = {}) {
  return (
    await s.agent
      .post('/api/quotes')
      .send({ customerId: s.customerId, lines, ...extra })
      .expect(201)
  ).body as QuoteView;
}

/** The sale the counter records after loading the quote into the cart: its prices, its discounts. */
const saleFrom = (quote: QuoteView, payment: number) => ({
  quoteId: quote.id,
  customerId: quote.customerId,
  lines: quote.lines.map((l) => ({
    productId: l.productId,
    quoteLineId: l.id,
    qty: l.qty,
    discount: l.discount > 0 ? { kind: 'amount', amount: l.discount } : null,
  })),
  payments: [{ method: 'cash', amount: payment }],
});

const count = async (
  db: Kysely<DB>,
  table: 'sales' | 'sale_lines' | 'stock_movements' | 'audit_entries' | 'invoices' | 'invoice_payments',
) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function quoteToSale(db?: Kysely<DB>) {
  const s = await shop(db);
  const quote = await quoteOf(s, productLines(s), { pricing: { prices: 'exclusive', rounding: 'total' } });
  expect(quote.lines.map((l) => l.productId)).toEqual([s.coffee, s.mug]);

  const res = await s.agent
    .post('/api/pos/sales')
    .send(saleFrom(quote, quote.total + 500))
    .expect(201);
  const sale = res.body as SaleView;
  // The quote's prices, rate and rules: the sale comes to what the quote said, to the cent.
  expect(sale).toMatchObject({
    total: quote.total,
    tax: quote.taxTotal,
    change: 500,
    customerId: s.customerId,
    prices: 'exclusive',
    rounding: 'total',
  });
  expect(sale.lines.map((l) => [l.unitPrice, l.taxRateBp, l.total])).toEqual(
    quote.lines.map((l) => [l.unitPrice, l.taxRateBp, l.total]),
  );
  const row = await s.db.selectFrom('sales').select('quote_id').where('id', '=', sale.id).executeTakeFirst();
  expect(row?.quote_id).toBe(quote.id);

  const after = (await s.agent.get(`/api/quotes/${quote.id}`).expect(200)).body as QuoteView;
  expect(after).toMatchObject({ status: 'converted', saleId: sale.id, saleNumber: sale.number });
  const listed = (await s.agent.get('/api/quotes').expect(200)).body.quotes as QuoteView[];
  expect(listed[0]).toMatchObject({ id: quote.id, status: 'converted', saleNumber: sale.number });

  // Converting it again, at the counter or into an invoice, is refused and writes nothing.
  const sales = await count(s.db, 'sales');
  const again = await s.agent.post('/api/pos/sales').send(saleFrom(quote, quote.total)).expect(409);
  expect(again.body.code).toBe('quote-converted');
  expect((await s.agent.post(`/api/quotes/${quote.id}/convert`).send({}).expect(409)).body.code).toBe(
    'quote-converted',
  );
  expect(await count(s.db, 'sales')).toBe(sales);
}

describe('quote → sale', () => {
  it('sells the quote at its prices, marks it converted in the same transaction and links the sale', async () => {
    await quoteToSale();
  });

  it('does the same on Postgres', async () => {
    await quoteToSale(await freshPostgres());
  });

  it('refuses an expired quote, a free-text line, a foreign line and STAFF, writing nothing', async () => {
    const s = await shop();
    const expired = await quoteOf(s);
    await s.db
      .updateTable('quotes')
      .set({ valid_until: '2026-11-24' })
      .where('id', '=', expired.id)
      .execute();
    const free = await quoteOf(s, [
      ...productLines(s),
      { description: 'Montaje', qty: 1, unitPrice: 3000, taxRateBp: 2100 },
    ]);
    const live = await quoteOf(s);
    const other = await quoteOf(s);
    const before = {
      sales: await count(s.db, 'sales'),
      lines: await count(s.db, 'sale_lines'),
      movements: await count(s.db, 'stock_movements'),
    };

    const expect409 = async (body: object, code: string) =>
      expect((await s.agent.post('/api/pos/sales').send(body).expect(409)).body.code).toBe(code);
    await expect409(saleFrom(expired, 99_999), 'quote-expired');
    // Even with only its product lines in the cart: the quote as a whole cannot become a sale.
    const freeSale = saleFrom(free, 99_999);
    freeSale.lines = freeSale.lines.filter((l) => l.productId);
    const freeRes = await s.agent.post('/api/pos/sales').send(freeSale).expect(409);
    expect(freeRes.body).toMatchObject({ code: 'quote-line-no-product', field: 'quoteId' });
    expect(freeRes.body.detail).toContain('Line 3');

    // A line of another quote, or a quote line sold as another product.
    const foreign = saleFrom(live, 99_999);
    foreign.lines[0] = { ...foreign.lines[0], quoteLineId: other.lines[0]?.id } as (typeof foreign.lines)[0];
    const bad = await s.agent.post('/api/pos/sales').send(foreign).expect(400);
    expect(bad.body).toMatchObject({ code: 'quote-line-unknown', field: 'lines.0.quoteLineId' });
    const swapped = saleFrom(live, 99_999);
    swapped.lines[0] = { ...swapped.lines[0], productId: s.mug } as (typeof swapped.lines)[0];
    const mismatch = await s.agent.post('/api/pos/sales').send(swapped).expect(400);
    expect(mismatch.body).toMatchObject({ code: 'quote-line-mismatch', field: 'lines.0.quoteLineId' });
    // The quote counts tax on top; the shelf's prices include it: a scanned extra cannot join.
    const exclusive = await quoteOf(s, productLines(s), {
      pricing: { prices: 'exclusive', rounding: 'line' },
    });
    const extra = saleFrom(exclusive, 99_999);
    extra.lines.push({ productId: s.mug, qty: 1 } as (typeof extra.lines)[0]);
    const differ = await s.agent.post('/api/pos/sales').send(extra).expect(400);
    expect(differ.body).toMatchObject({ code: 'quote-prices-differ', field: 'lines.2.quoteLineId' });
    const twice = saleFrom(live, 99_999);
    twice.lines[1] = twice.lines[0] as (typeof twice.lines)[0];
    expect((await s.agent.post('/api/pos/sales').send(twice).expect(400)).body.code).toBe(
      'quote-line-duplicate',
    );

    await addMember(s.deps, s.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'staff@example.com');
    expect((await staff.post('/api/pos/sales').send(saleFrom(live, 99_999)).expect(403)).body.code).toBe(
      'forbidden',
    );
    expect({
      sales: await count(s.db, 'sales'),
      lines: await count(s.db, 'sale_lines'),
      movements: await count(s.db, 'stock_movements'),
    }).toEqual(before);
    expect((await s.agent.get(`/api/quotes/${live.id}`).expect(200)).body.status).toBe('open');
  });

  it("cannot sell, edit or read another business's quote", async () => {
    const s = await shop();
    const tenantB = await addBusiness(s.deps);
    await addMember(s.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@example.com');
    const productB = await insertProduct(s.db, tenantB, { name: 'Secreto', price: 500 });
    const customerB = (await b.post('/api/customers').send({ name: 'Cliente Secreto' }).expect(201)).body.id;
    const quoteB = (
      await b
        .post('/api/quotes')
        .send({
          customerId: customerB,
          lines: [{ productId: productB, description: 'Secreto', qty: 1, unitPrice: 100, taxRateBp: 0 }],
        })
        .expect(201)
    ).body as QuoteView;
    // A's own product may not sneak into B's quote either.
    const foreign = await b
      .post('/api/quotes')
      .send({
        customerId: customerB,
        lines: [{ productId: s.coffee, description: 'x', qty: 1, unitPrice: 100, taxRateBp: 0 }],
      })
      .expect(400);
    expect(foreign.body.code).toBe('product-unknown');

    const sale = { ...saleFrom(quoteB, 99_999), customerId: undefined };
    sale.lines = sale.lines.map((l) => ({ ...l, productId: s.coffee }));
    expect((await s.agent.post('/api/pos/sales').send(sale).expect(404)).body.code).toBe('not-found');
    await s.agent.patch(`/api/quotes/${quoteB.id}`).send({ notes: 'x' }).expect(404);
    await s.agent.get(`/api/quotes/${quoteB.id}`).expect(404);
    expect((await b.get(`/api/quotes/${quoteB.id}`).expect(200)).body).toMatchObject({
      status: 'open',
      notes: null,
      saleId: null,
    });
    expect(await count(s.db, 'sales')).toBe(0);
  });

  it('refuses a quote line naming a product of no business of ours', async () => {
    const s = await shop();
    const res = await s.agent
      .post('/api/quotes')
      .send({
        customerId: s.customerId,
        lines: [{ productId: 'nope', description: 'x', qty: 1, unitPrice: 100, taxRateBp: 0 }],
      })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'product-unknown', field: 'lines.0.productId' });
  });
});

describe('editing drafts and open quotes', () => {
  it('re-prices a draft invoice on edit, keeps its rules on a notes-only edit and refuses an issued one', async () => {
    const s = await shop();
    const draft = (
      await s.agent
        .post('/api/invoices')
        .send({
          customerId: s.customerId,
          pricing: { prices: 'inclusive', rounding: 'total' },
          lines: [{ description: 'Consultoría', qty: 2, unitPrice: 5000, taxRateBp: 2100 }],
        })
        .expect(201)
    ).body as InvoiceView;
    // No snapshot yet: a draft names the customer as it is now.
    expect(draft.buyer).toMatchObject({ name: 'Coworking Norte SL', taxId: 'B87654321' });
    const lines = [
      { description: 'Consultoría', qty: 3, unitPrice: 3333, taxRateBp: 2100 },
      { description: 'Libro', qty: 1, unitPrice: 1999, taxRateBp: 400 },
    ];
    const edited = (await s.agent.patch(`/api/invoices/${draft.id}`).send({ lines }).expect(200))
      .body as InvoiceView;
    const expected = priceCart(
      lines.map((l) => ({ unitPrice: l.unitPrice, qtyMilli: l.qty * 1000, taxRateBp: l.taxRateBp })),
      null,
      { prices: 'inclusive', rounding: 'total' },
    );
    expect(edited).toMatchObject({ total: expected.total, taxTotal: expected.tax, subtotal: expected.base });
    expect(edited.lines.map((l) => l.description)).toEqual(['Consultoría', 'Libro']);

    const noted = (
      await s.agent.patch(`/api/invoices/${draft.id}`).send({ notes: 'Pago a 30 días' }).expect(200)
    ).body as InvoiceView;
    expect(noted).toMatchObject({
      notes: 'Pago a 30 días',
      pricing: { prices: 'inclusive', rounding: 'total' },
      total: expected.total,
    });

    const bad = await s.agent
      .patch(`/api/invoices/${draft.id}`)
      .send({ lines: [{ description: 'x', qty: 0, unitPrice: 1, taxRateBp: 0 }] })
      .expect(400);
    expect(bad.body.errors?.[0]?.field ?? bad.body.field).toBe('lines.0.qty');

    await s.agent.post(`/api/invoices/${draft.id}/issue`).send({}).expect(200);
    const refused = await s.agent.patch(`/api/invoices/${draft.id}`).send({ lines }).expect(409);
    expect(refused.body.code).toBe('invoice-not-draft');
    expect((await s.agent.get(`/api/invoices/${draft.id}`).expect(200)).body.total).toBe(expected.total);
  });

  it('edits an open quote and refuses a converted or expired one', async () => {
    const s = await shop();
    const quote = await quoteOf(s);
    const edited = (
      await s.agent
        .patch(`/api/quotes/${quote.id}`)
        .send({ lines: productLines(s).slice(0, 1), validUntil: '2026-12-31', notes: 'Precio cerrado' })
        .expect(200)
    ).body as QuoteView;
    expect(edited).toMatchObject({ validUntil: '2026-12-31', notes: 'Precio cerrado', total: 4125 });
    expect(edited.lines).toHaveLength(1);
    expect(
      (await s.agent.patch(`/api/quotes/${quote.id}`).send({ validUntil: '2026-11-01' }).expect(400)).body
        .code,
    ).toBe('valid-until-past');

    await s.agent.post(`/api/quotes/${quote.id}/convert`).send({}).expect(201);
    expect((await s.agent.patch(`/api/quotes/${quote.id}`).send({ notes: 'x' }).expect(409)).body.code).toBe(
      'quote-converted',
    );
    const old = await quoteOf(s);
    await s.db.updateTable('quotes').set({ valid_until: '2026-11-24' }).where('id', '=', old.id).execute();
    expect((await s.agent.patch(`/api/quotes/${old.id}`).send({ notes: 'x' }).expect(409)).body.code).toBe(
      'quote-expired',
    );
  });
});

describe('credit notes and email', () => {
  it('names the credit note on the voided invoice and the original on the credit note, read back', async () => {
    const s = await shop();
    const draft = (
      await s.agent
        .post('/api/invoices')
        .send({
          customerId: s.customerId,
          lines: [{ description: 'Sala', qty: 1, unitPrice: 5000, taxRateBp: 2100 }],
        })
        .expect(201)
    ).body as InvoiceView;
    const issued = (await s.agent.post(`/api/invoices/${draft.id}/issue`).send({}).expect(200))
      .body as InvoiceView;
    const voided = (await s.agent.post(`/api/invoices/${draft.id}/void`).send({}).expect(200))
      .body as VoidResult;
    const creditNumber = voided.creditNote?.number;
    expect(creditNumber).toMatch(/^A-/);

    const invoice = (await s.agent.get(`/api/invoices/${draft.id}`).expect(200)).body as InvoiceView;
    expect(invoice).toMatchObject({ status: 'void', creditNoteNumber: creditNumber, correctsNumber: null });
    const credit = (await s.agent.get(`/api/invoices/${invoice.creditNoteId}`).expect(200))
      .body as InvoiceView;
    expect(credit).toMatchObject({
      kind: 'credit_note',
      correctsNumber: issued.number,
      creditNoteNumber: null,
    });
    expect(await (await s.agent.get(`/api/invoices/${credit.id}/print`).expect(200)).text).toContain(
      issued.number as string,
    );
    // Emailed, the credit note names the invoice it voids and carries itself as an attachment.
    await s.agent.post(`/api/invoices/${credit.id}/email`).send({}).expect(200);
    const mail = await s.smtp.waitForMessage();
    expect(mail.to).toEqual(['cuentas@norte.example']);
    expect(mail.html).toContain(issued.number as string);
    expect(mail.raw).toMatch(new RegExp(`Content-Type: application/pdf; name=${creditNumber}\\.pdf`));
    expect(mail.raw).toContain(`filename=${creditNumber}.pdf`);
    expect(mail.raw).not.toContain('.html');
  });

  it('emails a quote with its document attached', async () => {
    const s = await shop();
    const quote = await quoteOf(s);
    await s.agent.post(`/api/quotes/${quote.id}/send`).send({ to: 'otra@norte.example' }).expect(200);
    const mail = await s.smtp.waitForMessage();
    expect(mail.to).toEqual(['otra@norte.example']);
    expect(mail.html).toContain(quote.number);
    expect(mail.raw).toMatch(new RegExp(`Content-Type: application/pdf; name=${quote.number}\\.pdf`));
    expect(mail.raw).toContain(`filename=${quote.number}.pdf`);
    expect(mail.raw).not.toContain('.html');
  });
});

/** A shop selling at exclusive prices with tax rounded per rate, as the counter does after "Facturar". */
async function counter(db?: Kysely<DB>) {
  const s = await shop(db);
  await s.agent.put('/api/pos/settings').send({ prices: 'exclusive', rounding: 'total' }).expect(200);
  const sell = async (body: Record<string, unknown>) =>
    (
      await s.agent
        .post('/api/pos/sales')
        .send({ customerId: s.customerId, ...body })
        .expect(201)
    ).body as SaleView;
  const refund = async (body: Record<string, unknown>) =>
    (await s.agent.post('/api/pos/refunds').send(body).expect(201)).body as RefundView;
  const report = async () =>
    (await s.agent.get(`/api/shifts/${s.shiftId}/report`).expect(200)).body as ShiftReport;
  const closeShift = async () => {
    const { expected } = await report();
    await s.agent
      .post(`/api/shifts/${s.shiftId}/close`)
      .send({ counts: expected.map((e) => ({ method: e.method, counted: e.amount })) })
      .expect(200);
    const z = await report();
    expect(z.kind).toBe('Z');
    return z;
  };
  const invoice = async (saleId: string) =>
    (await s.agent.post(`/api/invoices/from-sale/${saleId}`).send({}).expect(201)).body as InvoiceView;
  return { ...s, sell, refund, report, closeShift, invoice };
}

const byMethod = (ps: InvoiceView['payments']) =>
  ps.map((p) => [p.method, p.amount, p.reference]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/**
 * Sales history → "Facturar" on a receipt paid at the counter: the invoice is
 * paid by the sale's own payments (cash net of the change), and the shift's Z
 * report, which already counts them, reads the same afterwards.
 */
async function paidAtTheCounter(db?: Kysely<DB>) {
  const s = await counter(db);
  const sale = await s.sell({
    lines: [
      { productId: s.coffee, qty: 2 },
      { productId: s.mug, qty: 1, discount: { kind: 'percent', bp: 1000 } },
    ],
    cartDiscount: { kind: 'amount', amount: 37 },
    payments: [
      { method: 'card', amount: 1000 },
      { method: 'cash', amount: 5000 },
    ],
  });
  expect(sale.change).toBeGreaterThan(0);
  const z = await s.closeShift();

  const inv = await s.invoice(sale.id);
  expect(inv).toMatchObject({
    status: 'paid',
    total: sale.total,
    taxTotal: sale.tax,
    paid: sale.total,
    balance: 0,
  });
  expect(byMethod(inv.payments)).toEqual([
    ['card', 1000, sale.number],
    ['cash', sale.total - 1000, sale.number],
  ]);
  expect((await s.agent.get(`/api/invoices/${inv.id}`).expect(200)).body).toMatchObject({
    status: 'paid',
    balance: 0,
    payments: inv.payments,
  });
  const listed = (await s.agent.get('/api/invoices').expect(200)).body.invoices as InvoiceView[];
  expect(listed.find((i) => i.id === inv.id)).toMatchObject({ status: 'paid', paid: sale.total });
  const page = await s.agent.get(`/api/invoices/${inv.id}/print`).expect(200);
  expect(page.text).toContain('Pagado');

  const before = [await count(s.db, 'invoices'), await count(s.db, 'invoice_payments')];
  const twice = await s.agent.post(`/api/invoices/from-sale/${sale.id}`).send({}).expect(409);
  expect(twice.body.code).toBe('sale-already-invoiced');
  expect([await count(s.db, 'invoices'), await count(s.db, 'invoice_payments')]).toEqual(before);

  // The invoice's payments are the sale's own: the Z report reads as it did before.
  expect(await s.report()).toEqual(z);

  // Another business can neither invoice the sale nor read the invoice.
  const tenantB = await addBusiness(s.deps, 'Tienda B');
  await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
  const b = await signedInAgent(s.app, 'owner-b@b.example');
  const customerB = (await b.post('/api/customers').send({ name: 'Cliente B' }).expect(201)).body.id;
  await b.post(`/api/invoices/from-sale/${sale.id}`).send({ customerId: customerB }).expect(404);
  await b.get(`/api/invoices/${inv.id}`).expect(404);
  expect([await count(s.db, 'invoices'), await count(s.db, 'invoice_payments')]).toEqual(before);
}

/**
 * "Facturar" on a receipt partly refunded bills only what was not refunded,
 * paid by what the counter kept; one refunded in full is refused.
 */
async function partlyRefunded(db?: Kysely<DB>) {
  const s = await counter(db);
  const total = priceCart(
    [
      { unitPrice: 1400, qtyMilli: 3000, taxRateBp: 2100 },
      { unitPrice: 1100, qtyMilli: 2000, taxRateBp: 2100, discount: { kind: 'percent', bp: 1000 } },
    ],
    { kind: 'amount', amount: 37 },
    { prices: 'exclusive', rounding: 'total' },
  ).total;
  const sale = await s.sell({
    lines: [
      { productId: s.coffee, qty: 3 },
      { productId: s.mug, qty: 2, discount: { kind: 'percent', bp: 1000 } },
    ],
    cartDiscount: { kind: 'amount', amount: 37 },
    payments: [{ method: 'card', amount: total }],
  });
  const [coffeeLine, mugLine] = sale.lines;
  // One coffee of three back in cash, both mugs back to the card.
  const back = [
    await s.refund({ saleId: sale.id, lines: [{ saleLineId: coffeeLine?.id, qty: 1 }], method: 'cash' }),
    await s.refund({ saleId: sale.id, lines: [{ saleLineId: mugLine?.id, qty: 2 }] }),
  ];
  expect(back.map((r) => r.payments.map((p) => p.method))).toEqual([['cash'], ['card']]);
  const gone = await s.sell({
    lines: [{ productId: s.mug, qty: 1 }],
    payments: [{ method: 'cash', amount: 2000 }],
  });
  await s.refund({ saleId: gone.id });
  const z = await s.closeShift();

  const inv = await s.invoice(sale.id);
  expect(inv.lines.map((l) => [l.description.split(' (')[0], l.qty])).toEqual([['Café en grano', 2]]);
  // What the sale still holds is 3368 (7433 − 1684 − 2381), but its split into base and tax is two
  // differences of roundings: no 2 coffees at 21 % come to it (a base of 2783 gives 3367, 2784 gives
  // 3369). The invoice takes the closest total below, with its tax computed on its base.
  expect(sale.total - back.reduce((sum, r) => sum + r.total, 0)).toBe(3368);
  expect(inv).toMatchObject({ status: 'paid', total: 3367, paid: 3367, balance: 0 });
  const repriced = priceCart(
    inv.lines.map((l) => ({
      unitPrice: l.unitPrice,
      qtyMilli: l.qty * 1000,
      taxRateBp: l.taxRateBp,
      discount: { kind: 'amount' as const, amount: l.discount },
    })),
    null,
    { prices: 'exclusive', rounding: 'total' },
  );
  expect([inv.subtotal, inv.taxTotal, inv.total]).toEqual([repriced.base, repriced.tax, repriced.total]);
  // The card kept what it paid less the mugs; the coffee's cash came out of the drawer.
  expect(byMethod(inv.payments)).toEqual([['card', 3367, sale.number]]);

  const before = [await count(s.db, 'invoices'), await count(s.db, 'invoice_payments')];
  // Asked with a view of the receipt from before its refund (a refund landed meanwhile): refused,
  // so the op a console pushes always names the refunds its invoice took off.
  const stale = execute(
    s.deps,
    {
      tenantId: s.tenantId,
      actor: { userId: s.session.user.id, role: 'OWNER' },
      deviceId: s.deps.deviceId,
      now: s.deps.clock.now().toISOString(),
      opId: s.deps.newId(),
      runsOn: 'console',
    },
    invoiceFromSale,
    { id: s.deps.newId(), saleId: gone.id, refundIds: [] },
  );
  await expect(stale).rejects.toMatchObject({ code: 'sale-changed', status: 409 });
  expect([await count(s.db, 'invoices'), await count(s.db, 'invoice_payments')]).toEqual(before);
  const refused = await s.agent.post(`/api/invoices/from-sale/${gone.id}`).send({}).expect(409);
  expect(refused.body.code).toBe('sale-refunded');
  expect(refused.headers['content-type']).toContain('application/problem+json');
  expect([await count(s.db, 'invoices'), await count(s.db, 'invoice_payments')]).toEqual(before);
  expect(await s.report()).toEqual(z);
}

/**
 * "Facturar", the tax details were wrong: void and invoice the receipt again.
 * The voided invoice gives the sale's money back off itself (negative payments
 * naming the void's credit note), so it and its credit notes net to zero paid
 * and the new invoice records the sale's money once; a refund credited before
 * the void stays given back.
 */
async function voidAndReissue(db?: Kysely<DB>) {
  const s = await counter(db);
  const all = async () =>
    (await s.db.selectFrom('invoice_payments').select('amount').execute()).reduce(
      (sum, p) => sum + Number(p.amount),
      0,
    );
  const get = async (id: string) =>
    (await s.agent.get(`/api/invoices/${id}`).expect(200)).body as InvoiceView;
  const voidIt = async (id: string) =>
    (await s.agent.post(`/api/invoices/${id}/void`).send({ reason: 'NIF' }).expect(200)).body as VoidResult;

  // A receipt paid by card and cash (with change), nothing refunded.
  const sale = await s.sell({
    lines: [{ productId: s.coffee, qty: 2 }],
    payments: [
      { method: 'card', amount: 1000 },
      { method: 'cash', amount: 5000 },
    ],
  });
  const z = await s.report();
  const first = await s.invoice(sale.id);
  const voided = await voidIt(first.id);
  const again = await s.invoice(sale.id);
  const firstNow = await get(first.id);
  expect(firstNow).toMatchObject({ status: 'void', paid: 0, balance: 0 });
  expect(byMethod(firstNow.payments.filter((p) => p.amount < 0))).toEqual([
    ['card', -1000, voided.creditNote?.number],
    ['cash', -(sale.total - 1000), voided.creditNote?.number],
  ]);
  expect(voided.creditNote?.paid).toBe(0);
  expect(again).toMatchObject({ status: 'paid', total: sale.total, paid: sale.total, balance: 0 });
  expect(await all()).toBe(sale.total);
  expect(await s.report()).toEqual(z);

  // Invoiced, one coffee of three back in cash (a credit note), then voided and invoiced again.
  const refunded = await s.sell({
    lines: [{ productId: s.coffee, qty: 3 }],
    payments: [{ method: 'cash', amount: 10_000 }],
  });
  const inv = await s.invoice(refunded.id);
  const back = await s.refund({
    saleId: refunded.id,
    lines: [{ saleLineId: refunded.lines[0]?.id, qty: 1 }],
    method: 'cash',
  });
  const cn = await get(
    (
      (await s.agent.get('/api/invoices').query({ kind: 'credit_note' }).expect(200)).body
        .invoices as InvoiceView[]
    ).find((i) => i.number === back.creditNoteNumber)?.id as string,
  );
  const rest = (await voidIt(inv.id)).creditNote as InvoiceView;
  const invNow = await get(inv.id);
  expect(invNow.paid + cn.paid + rest.paid).toBe(0);
  const reissued = await s.invoice(refunded.id);
  const kept = refunded.total - back.total;
  expect(reissued).toMatchObject({ total: kept, paid: kept, status: 'paid' });
  expect(await all()).toBe(sale.total + kept);
}

describe('invoice from a sale', () => {
  it('a receipt paid at the counter gives a paid invoice (cash net of change) and leaves the Z report alone', async () => {
    await paidAtTheCounter();
  });

  it('does the same on Postgres', async () => {
    await paidAtTheCounter(await freshPostgres());
  });

  it('a partly refunded receipt bills only what was not refunded; a refunded one is refused', async () => {
    await partlyRefunded();
  });

  it('bills and refuses the same on Postgres', async () => {
    await partlyRefunded(await freshPostgres());
  });

  it("voided and invoiced again, the sale's money is recorded once (the voided invoice shows none)", async () => {
    await voidAndReissue();
  });

  it('records it once on Postgres too', async () => {
    await voidAndReissue(await freshPostgres());
  });
});

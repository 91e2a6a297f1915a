/**
 * Invoice commands: thin wrappers over the invoice engine, so the HTTP routes
 * and the hub's replay go through the pipeline (audit, op, one transaction).
 * Every input carries the ids of the rows it creates.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  calendarDate,
  type InvoiceView,
  invoiceCreateRequest,
  invoicePaymentRequest,
  invoiceUpdateRequest,
  invoiceVoidRequest,
  type VoidResult,
} from '../../contract/index.js';
import { conflict, notFound } from '../../core/errors.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { findShift, openShiftFor } from '../shifts/shifts.queries.js';
import {
  createDraftInvoice,
  giveBackInvoiceMoney,
  issueDraftInvoice,
  issueInvoice,
  recordInvoicePayment,
  salePaymentIdFor,
  updateDraftInvoice,
  voidInvoice,
} from './invoice-engine.js';
import { invoiceForSource } from './invoicing.queries.js';
import { invoiceView } from './invoicing.views.js';
import { creditRefundedSale } from './refund-credit.js';
import { invoiceLinesOf, refundIdsOfSale, saleForInvoice } from './sale-source.js';

type Tx = Transaction<DB>;

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

const auditOf = (v: InvoiceView) => ({
  kind: v.kind,
  number: v.number,
  status: v.status,
  customerId: v.customerId,
  issueDate: v.issueDate,
  total: v.total,
  taxes: v.taxes,
});

export const createInvoice = command({
  name: 'invoicing.invoice.create',
  permission: 'invoices.manage',
  input: invoiceCreateRequest.extend({ id: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await createDraftInvoice(tx, ctx, { ...input, source: { type: 'manual' } });
    const view = await invoiceView(tx, ctx.tenantId, input.id);
    return { result: view, entity: { type: 'invoice', id: view.id }, after: auditOf(view) };
  },
});

export const updateInvoice = command({
  name: 'invoicing.invoice.update',
  permission: 'invoices.manage',
  input: invoiceUpdateRequest.extend({ invoiceId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, { invoiceId, ...changes }, ctx) {
    const before = await invoiceView(tx, ctx.tenantId, invoiceId);
    await updateDraftInvoice(tx, ctx, invoiceId, changes);
    const after = await invoiceView(tx, ctx.tenantId, invoiceId);
    return {
      result: after,
      entity: { type: 'invoice', id: invoiceId },
      before: auditOf(before),
      after: auditOf(after),
    };
  },
});

export const issueInvoiceCommand = command({
  name: 'invoicing.invoice.issue',
  permission: 'invoices.manage',
  input: z.object({ invoiceId: rowId, issueDate: calendarDate.optional() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await issueDraftInvoice(tx, ctx, input.invoiceId, { issueDate: input.issueDate });
    const view = await invoiceView(tx, ctx.tenantId, input.invoiceId);
    return {
      result: view,
      entity: { type: 'invoice', id: view.id },
      before: { status: 'draft' },
      after: { ...auditOf(view), seller: view.seller, buyer: view.buyer },
    };
  },
});

/**
 * An invoice for a recorded sale, issued at once with what the sale still
 * charges: its lines less the quantities already refunded (line and cart
 * discounts as each line's discount, priced again by the same money.ts rules,
 * so the totals agree; see `invoiceLinesOf`). What the counter took for it
 * (per method, net of change and refunds) is recorded against the invoice in
 * the same transaction, so an invoice for a receipt paid at the counter is
 * `paid`. Those payments are the sale's own: shift reports count the sale's
 * payments and never read invoice payments, so nothing is counted twice.
 * One live invoice per sale; a sale refunded in full answers `sale-refunded`.
 *
 * `refundIds`: the sale's refunds the invoice takes off, which the route reads
 * as it asks (the console's view of the sale). Live, they must be the refunds
 * this install holds (else `sale-changed`: a refund landed meanwhile). On the
 * hub's replay they are used as given, so the invoice is the one the console
 * printed (same lines, total and payments) even when another register's
 * refund reached the hub first; each such refund, which the invoice did not
 * take off, then gets its credit note (refund-credit.ts, numbered in the hub's
 * series). Ops without them (older consoles) take off every refund, as before.
 */
export const invoiceFromSale = command({
  name: 'invoicing.invoice.from_sale',
  permission: 'invoices.manage',
  input: z.object({
    id: z.uuid(),
    saleId: rowId,
    customerId: rowId.optional(),
    issueDate: calendarDate.optional(),
    refundIds: z.array(rowId).max(1000).optional(),
  }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const held = await refundIdsOfSale(tx, ctx.tenantId, input.saleId);
    const replay = isReplay(ctx);
    const billed = input.refundIds && replay ? held.filter((id) => input.refundIds?.includes(id)) : held;
    const sale = await saleForInvoice(tx, ctx.tenantId, input.saleId, billed);
    if (!sale) throw notFound('Sale');
    if (
      input.refundIds &&
      !replay &&
      (input.refundIds.length !== held.length || held.some((id) => !input.refundIds?.includes(id)))
    ) {
      throw conflict('sale-changed', `Sale ${sale.number} changed (a refund was recorded): try again`);
    }
    if (await invoiceForSource(tx, ctx.tenantId, 'sale', sale.id)) {
      throw conflict('sale-already-invoiced', `Sale ${sale.number} already has an invoice`);
    }
    if (sale.fullyRefunded) {
      throw conflict(
        'sale-refunded',
        `Sale ${sale.number} was refunded in full: there is nothing to invoice`,
      );
    }
    let view = await issueInvoice(tx, ctx, {
      id: input.id,
      customerId: input.customerId ?? sale.customerId,
      source: { type: 'sale', id: sale.id },
      pricing: sale.pricing,
      issueDate: input.issueDate,
      notes: null,
      lines: invoiceLinesOf(sale),
    });
    let due = Math.min(view.total, sale.netTotal);
    for (const taken of sale.taken) {
      if (due <= 0) break;
      const amount = Math.min(taken.amount, due);
      view = await recordInvoicePayment(tx, ctx, {
        invoiceId: view.id,
        paymentId: salePaymentIdFor(view.id, taken.method),
        amount,
        method: taken.method,
        reference: sale.number,
        fromSale: true,
      });
      due -= amount;
    }
    // The hub's replay: refunds another register made that the console had not seen get their
    // credit note now, so the invoice and its credit notes net to what the counter kept.
    for (const refundId of held) {
      if (!billed.includes(refundId)) await creditRefundedSale(tx, ctx, refundId);
    }
    if (billed.length < held.length) view = await invoiceView(tx, ctx.tenantId, view.id);
    return {
      result: view,
      entity: { type: 'invoice', id: view.id },
      after: { ...auditOf(view), saleId: sale.id, paid: view.paid },
    };
  },
});

export const payInvoiceInput = invoicePaymentRequest.extend({
  id: z.uuid(),
  invoiceId: rowId,
  /**
   * Set by the command, for its op: the shift the register took the payment in. A manager may
   * close that shift from another register or the hub while this one works offline; the money
   * still went into the drawer in it, so the hub files it there, as a sale (`soldAs.shiftId`) or
   * a refund. Absent when no shift was open (and in ops of consoles before 2026-12-07, whose
   * payments belonged to no shift); ignored live.
   */
  shiftId: z.string().max(64).optional(),
});
type PayInvoiceInput = z.output<typeof payInvoiceInput>;

/**
 * The shift an invoice payment goes into (docs/decisions.md, "An invoice paid at the counter is in
 * the shift's drawer"): live, the register's open shift, or none (the office, or a register
 * between shifts). Replayed, the shift its op names when that is this register's, open or closed
 * since elsewhere; otherwise none, as the console recorded it.
 */
async function paymentShift(tx: Tx, ctx: CommandContext, recorded: string | undefined) {
  if (!isReplay(ctx)) return (await openShiftFor(tx, ctx.tenantId, ctx.deviceId))?.id ?? null;
  if (recorded === undefined) return null;
  const shift = await findShift(tx, ctx.tenantId, recorded);
  return shift?.device_id === ctx.deviceId ? shift.id : null;
}

/**
 * Money moved on an invoice at this register (a payment taken, or money given back): filed in the
 * register's shift, whose id the op carries for the hub's replay.
 */
async function moveInvoiceMoney(
  tx: Tx,
  ctx: CommandContext,
  input: PayInvoiceInput,
  move: typeof recordInvoicePayment,
): Promise<{ view: InvoiceView; shiftId: string | null; opInput: PayInvoiceInput }> {
  const shiftId = await paymentShift(tx, ctx, input.shiftId);
  const view = await move(tx, ctx, {
    invoiceId: input.invoiceId,
    paymentId: input.id,
    amount: input.amount,
    method: input.method,
    reference: input.reference,
    shiftId,
  });
  const { shiftId: _asked, ...asked } = input;
  return { view, shiftId, opInput: { ...asked, ...(shiftId ? { shiftId } : {}) } };
}

interface MoneyOutcome {
  result: InvoiceView;
  opInput: PayInvoiceInput;
  entity: { type: string; id: string };
  after: unknown;
}

export const payInvoice = command({
  name: 'invoicing.invoice.pay',
  permission: 'invoices.manage',
  input: payInvoiceInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx): Promise<MoneyOutcome> {
    const { view, shiftId, opInput } = await moveInvoiceMoney(tx, ctx, input, recordInvoicePayment);
    return {
      result: view,
      opInput,
      entity: { type: 'invoice', id: view.id },
      after: {
        paymentId: input.id,
        amount: input.amount,
        method: input.method,
        status: view.status,
        shiftId,
        // Paid beyond the total (the hub's replay of two registers' offline payments): owed back.
        ...(view.refundDue > 0 ? { refundDue: view.refundDue } : {}),
      },
    };
  },
});

/**
 * Money given back to the customer of what an invoice owes back (`refundDue`), see
 * `giveBackInvoiceMoney`; filed in the register's shift as a payment is (its op carries it).
 */
export const giveBackInvoice = command({
  name: 'invoicing.invoice.give_back',
  permission: 'invoices.manage',
  input: payInvoiceInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx): Promise<MoneyOutcome> {
    const { view, shiftId, opInput } = await moveInvoiceMoney(tx, ctx, input, giveBackInvoiceMoney);
    return {
      result: view,
      opInput,
      entity: { type: 'invoice', id: view.id },
      after: {
        paymentId: input.id,
        givenBack: input.amount,
        method: input.method,
        refundDue: view.refundDue,
        shiftId,
      },
    };
  },
});

export const voidInvoiceCommand = command({
  name: 'invoicing.invoice.void',
  permission: 'invoices.manage',
  input: invoiceVoidRequest.extend({ creditNoteId: z.uuid(), invoiceId: rowId }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const result: VoidResult = await voidInvoice(tx, ctx, input);
    return {
      result,
      entity: { type: 'invoice', id: input.invoiceId },
      after: {
        status: result.invoice.status,
        creditNote: result.creditNote && auditOf(result.creditNote),
        reason: input.reason,
        // What the invoice had received, now owed back to the customer.
        refundDue: result.invoice.refundDue,
      },
    };
  },
});

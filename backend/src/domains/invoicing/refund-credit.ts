/**
 * A counter refund of an invoiced sale credits the invoice in part: in the
 * refund's own transaction, a credit note from this device's `A` series for
 * exactly the quantities given back, linked to the invoice (`corrects_id`),
 * sourced `refund` (its `source_id` is the refund), and the money the refund
 * gave back recorded against it, so the invoice and its credit notes always
 * net to what the counter kept.
 *
 * - Lines: each refunded sale line is credited on the invoice line that billed
 *   it (same `line_no`, description, unit price and tax rate, quantity negated).
 * - Amounts: the refund's own per-line amounts, negated. They are the exact
 *   proportional shares the refund took of the sale line, so the credit note's
 *   total and tax are the refund's to the cent. Where the invoice billed a
 *   line a few cents below what the sale held (the fit of a partly refunded
 *   line, see sale-source.ts `invoiceLinesOf`), the last credit of that line
 *   goes those cents past the invoice's line: the credit note follows the money
 *   that left the drawer, not the invoice's rounding.
 * - Money: one payment per method the refund used, negative (money back), ids
 *   derived from the credit note's; the invoice keeps the payments it had, so
 *   invoice paid + credit notes paid = what the counter kept.
 *
 * Ids derive from the refund's id, so the hub's replay writes the same rows; the
 * number is taken with `nextNumber`, so a pushed op's carried number is kept.
 */
import type { Transaction } from 'kysely';
import { lineGross } from '../../core/money.js';
import { nextNumber } from '../../core/numbering.js';
import type { CommandContext } from '../../core/pipeline.js';
import type { DB, InvoicesTable } from '../../db/schema.js';
import {
  businessToday,
  CREDIT_NOTE_SERIES,
  lineIdFor,
  refundCreditNoteIdFor,
  refundPaymentIdFor,
} from './invoice-engine.js';
import {
  businessOf,
  findInvoice,
  insertInvoice,
  insertInvoiceLines,
  insertInvoiceTaxes,
  insertPayment,
  invoiceForSource,
  invoiceIdTaken,
  invoiceLines,
  lockInvoice,
  refundCreditNotesOf,
} from './invoicing.queries.js';

type Tx = Transaction<DB>;

/** What the credit note needs of a refund (recorded already in this transaction). */
async function refundForCredit(tx: Tx, tenantId: string, refundId: string) {
  const refund = await tx
    .selectFrom('refunds')
    .select(['id', 'number', 'sale_id', 'base', 'tax', 'total', 'reason'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', refundId)
    .executeTakeFirst();
  if (!refund) return null;
  const lines = await tx
    .selectFrom('refund_lines')
    .innerJoin('sale_lines', 'sale_lines.id', 'refund_lines.sale_line_id')
    .select([
      'refund_lines.sale_line_id',
      'refund_lines.qty_milli',
      'refund_lines.base',
      'refund_lines.tax',
      'refund_lines.total',
      'sale_lines.line_no',
    ])
    .where('refund_lines.tenant_id', '=', tenantId)
    .where('sale_lines.tenant_id', '=', tenantId)
    .where('refund_lines.refund_id', '=', refundId)
    .orderBy('sale_lines.line_no')
    .execute();
  // Sorted here, not by the database: text order differs between SQLite and Postgres.
  const payments = (
    await tx
      .selectFrom('refund_payments')
      .select(['method', 'amount'])
      .where('tenant_id', '=', tenantId)
      .where('refund_id', '=', refundId)
      .execute()
  ).sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
  return { ...refund, lines, payments };
}

const descriptionOf = (l: { name: string; sku: string }) => `${l.name} (${l.sku})`;

/**
 * Which invoice line billed each sale line. The invoice was made from the sale
 * less the refunds made before it, which are the sale's refunds that no credit
 * note of this invoice credits: the lines those left are the invoice's lines, in
 * order. If that does not match the invoice (refunds recorded before this
 * build, an invoice made on a console that had not yet seen a refund), lines
 * are matched in order by description, unit price and tax rate.
 */
async function invoiceLineOfSaleLine(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  saleId: string,
  refundId: string,
) {
  const billed = await invoiceLines(tx, tenantId, invoiceId);
  const sold = await tx
    .selectFrom('sale_lines')
    .select(['id', 'name', 'sku', 'qty_milli', 'unit_price', 'tax_rate_bp'])
    .where('tenant_id', '=', tenantId)
    .where('sale_id', '=', saleId)
    .orderBy('line_no')
    .execute();
  const credited = new Set(
    (await refundCreditNotesOf(tx, tenantId, invoiceId)).map((c) => c.source_id).filter((id) => id !== null),
  );
  const earlier = await tx
    .selectFrom('refund_lines')
    .innerJoin('refunds', 'refunds.id', 'refund_lines.refund_id')
    .select(['refunds.id as refund_id', 'refund_lines.sale_line_id', 'refund_lines.qty_milli'])
    .where('refunds.tenant_id', '=', tenantId)
    .where('refund_lines.tenant_id', '=', tenantId)
    .where('refunds.sale_id', '=', saleId)
    .where('refunds.id', '!=', refundId)
    .execute();
  const before = new Map<string, number>();
  for (const r of earlier) {
    if (credited.has(r.refund_id)) continue;
    before.set(r.sale_line_id, (before.get(r.sale_line_id) ?? 0) + Number(r.qty_milli));
  }
  const same = (s: (typeof sold)[number], b: (typeof billed)[number]) =>
    b.description === descriptionOf(s) &&
    Number(b.unit_price) === Number(s.unit_price) &&
    Number(b.tax_rate_bp) === Number(s.tax_rate_bp);

  const left = sold.filter((s) => Number(s.qty_milli) - (before.get(s.id) ?? 0) > 0);
  const byIndex =
    left.length === billed.length &&
    left.every((s, i) => {
      const b = billed[i];
      return (
        b !== undefined && same(s, b) && Number(b.qty_milli) === Number(s.qty_milli) - (before.get(s.id) ?? 0)
      );
    });
  const map = new Map<string, (typeof billed)[number]>();
  if (byIndex) {
    left.forEach((s, i) => {
      map.set(s.id, billed[i] as (typeof billed)[number]);
    });
    return { map, sold, billed };
  }
  let next = 0;
  for (const s of sold) {
    const at = billed.findIndex((b, i) => i >= next && same(s, b));
    if (at < 0) continue;
    map.set(s.id, billed[at] as (typeof billed)[number]);
    next = at + 1;
  }
  return { map, sold, billed };
}

/**
 * Issues the credit note for a refund of an invoiced sale; returns its number,
 * or null when the sale has no issued, live invoice (nothing to credit).
 */
export async function creditRefundedSale(
  tx: Tx,
  ctx: CommandContext,
  refundId: string,
): Promise<string | null> {
  const refund = await refundForCredit(tx, ctx.tenantId, refundId);
  if (!refund || refund.lines.length === 0) return null;
  const invoiceId = await invoiceForSource(tx, ctx.tenantId, 'sale', refund.sale_id);
  if (!invoiceId) return null;
  await lockInvoice(tx, ctx.tenantId, invoiceId);
  const invoice = await findInvoice(tx, ctx.tenantId, invoiceId);
  // A draft bills nothing yet (it is priced again when issued); only an issued invoice is credited.
  if (invoice?.kind !== 'invoice' || invoice.status === 'draft' || invoice.status === 'void') {
    return null;
  }
  const creditNoteId = refundCreditNoteIdFor(refund.id);
  if (await invoiceIdTaken(tx, 'invoices', creditNoteId)) return null;

  const { map, sold, billed } = await invoiceLineOfSaleLine(
    tx,
    ctx.tenantId,
    invoice.id,
    refund.sale_id,
    refund.id,
  );
  const lastLineNo = billed.reduce((max, b) => Math.max(max, Number(b.line_no)), 0);
  const lines = refund.lines.map((r) => {
    const saleLine = sold.find((s) => s.id === r.sale_line_id);
    const onInvoice = map.get(r.sale_line_id);
    // A line the invoice does not show (it cannot be matched) is credited as the receipt sold it,
    // numbered after the invoice's lines.
    const lineNo = onInvoice ? Number(onInvoice.line_no) : lastLineNo + Number(r.line_no);
    const unitPrice = Number(onInvoice?.unit_price ?? saleLine?.unit_price ?? 0);
    const qtyMilli = Number(r.qty_milli);
    const base = Number(r.base);
    const tax = Number(r.tax);
    const total = Number(r.total);
    const amount = invoice.price_mode === 'inclusive' ? total : base;
    const discount = Math.max(0, lineGross(unitPrice, qtyMilli) - amount);
    return {
      id: lineIdFor(creditNoteId, lineNo),
      tenant_id: ctx.tenantId,
      invoice_id: creditNoteId,
      line_no: lineNo,
      description: onInvoice?.description ?? (saleLine ? descriptionOf(saleLine) : ''),
      qty_milli: -qtyMilli,
      unit_price: unitPrice,
      tax_rate_bp: Number(onInvoice?.tax_rate_bp ?? saleLine?.tax_rate_bp ?? 0),
      discount: -discount,
      net: -base,
      tax: -tax,
      total: -total,
    };
  });

  const business = await businessOf(tx, ctx.tenantId);
  const number = await nextNumber(tx, ctx, CREDIT_NOTE_SERIES);
  const { id: _id, number: _n, status: _s, ...snapshot } = invoice;
  const creditNote: InvoicesTable = {
    ...snapshot,
    id: creditNoteId,
    kind: 'credit_note',
    number,
    status: 'issued',
    source_type: 'refund',
    source_id: refund.id,
    corrects_id: invoice.id,
    issue_date: businessToday(ctx.now, business.time_zone),
    subtotal: -Number(refund.base),
    tax_total: -Number(refund.tax),
    total: -Number(refund.total),
    notes: refund.reason ? `${refund.number}: ${refund.reason}` : refund.number,
    device_id: ctx.deviceId,
    created_at: ctx.now,
    updated_at: ctx.now,
    issued_at: ctx.now,
    voided_at: null,
  };
  await insertInvoice(tx, creditNote);
  await insertInvoiceLines(tx, lines);
  const byRate = new Map<number, { base: number; tax: number }>();
  for (const l of lines) {
    const row = byRate.get(l.tax_rate_bp) ?? { base: 0, tax: 0 };
    row.base += l.net;
    row.tax += l.tax;
    byRate.set(l.tax_rate_bp, row);
  }
  await insertInvoiceTaxes(
    tx,
    [...byRate]
      .sort(([a], [b]) => a - b)
      .map(([rate, t]) => ({
        tenant_id: ctx.tenantId,
        invoice_id: creditNoteId,
        rate_bp: rate,
        base: t.base,
        tax: t.tax,
      })),
  );
  for (const p of refund.payments) {
    if (Number(p.amount) === 0) continue;
    await insertPayment(tx, {
      id: refundPaymentIdFor(creditNoteId, p.method),
      tenant_id: ctx.tenantId,
      invoice_id: creditNoteId,
      amount: -Number(p.amount),
      method: p.method,
      reference: refund.number,
      actor_id: ctx.actor?.userId ?? null,
      op_id: ctx.opId,
      paid_at: ctx.now,
    });
  }
  return number;
}

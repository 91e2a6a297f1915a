/**
 * Billing members through the shared invoice engine. A member is invoiced as
 * a customer: the first invoice creates (inside the same command) a customer
 * record from the member's contact data, with an id derived from the command.
 * Every open charge (period fees, prorations, extra bookings, late fees)
 * becomes one line of one issued invoice and is marked invoiced with it, in
 * the same transaction, so a charge is billed at most once.
 */
import type { Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { InvoiceView } from '../../contract/index.js';
import { conflict } from '../../core/errors.js';
import type { CommandContext } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { findCustomer, insertCustomer, updateCustomer } from '../customers/customers.queries.js';
import { issueInvoice } from '../invoicing/invoice-engine.js';
import { posSettings } from '../pos/pos.views.js';
import { type MemberRow, markChargesInvoiced, openCharges, updateMember } from './members.queries.js';

type Tx = Transaction<DB>;

/** The member's live customer record, created from the member's contact data when there is none. */
export async function ensureCustomer(tx: Tx, ctx: CommandContext, member: MemberRow): Promise<string> {
  if (member.customer_id && (await findCustomer(tx, ctx.tenantId, member.customer_id))) {
    return member.customer_id;
  }
  const id = uuidv5(`member-customer:${member.id}`, ctx.opId);
  await insertCustomer(tx, {
    id,
    tenant_id: ctx.tenantId,
    name: member.name,
    tax_id: member.tax_id,
    email: member.email,
    phone: member.phone,
    address: member.address,
    notes: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    deleted_at: null,
  });
  await updateMember(tx, ctx.tenantId, member.id, { customer_id: id, updated_at: ctx.now });
  return id;
}

/** Keeps the linked customer's contact data in step with the member (future invoices' buyer). */
export async function syncCustomer(tx: Tx, ctx: CommandContext, member: MemberRow): Promise<void> {
  if (!member.customer_id) return;
  await updateCustomer(tx, ctx.tenantId, member.customer_id, {
    name: member.name,
    tax_id: member.tax_id,
    email: member.email,
    phone: member.phone,
    address: member.address,
    updated_at: ctx.now,
  });
}

/** Issues one invoice with every open charge of the member; `no-open-charges` when there is none. */
export async function invoiceOpenCharges(
  tx: Tx,
  ctx: CommandContext,
  member: MemberRow,
  invoiceId: string,
): Promise<InvoiceView> {
  const charges = await openCharges(tx, ctx.tenantId, member.id);
  if (charges.length === 0) {
    throw conflict('no-open-charges', `${member.name} has nothing to invoice`);
  }
  const customerId = await ensureCustomer(tx, ctx, member);
  const settings = await posSettings(tx, ctx.tenantId);
  const view = await issueInvoice(tx, ctx, {
    id: invoiceId,
    customerId,
    source: { type: 'membership', id: member.id },
    pricing: { prices: settings.prices, rounding: settings.rounding },
    notes: null,
    lines: charges.map((c) => ({
      description: c.description,
      qty: 1,
      unitPrice: Number(c.amount),
      taxRateBp: Number(c.tax_rate_bp),
    })),
  });
  const marked = await markChargesInvoiced(
    tx,
    ctx.tenantId,
    charges.map((c) => c.id),
    invoiceId,
    ctx.now,
  );
  if (marked !== charges.length) {
    throw conflict('charge-already-invoiced', 'Some of these charges were invoiced meanwhile; try again');
  }
  return view;
}

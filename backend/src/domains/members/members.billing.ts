/**
 * Billing members through the shared invoice engine. A member is invoiced as
 * a customer: the first invoice creates (inside the same command) a customer
 * record from the member's contact data, with an id derived from the command.
 * Every open charge (period fees, prorations, extra bookings, late fees)
 * becomes one line of one issued invoice and is marked invoiced with it, in
 * the same transaction, so a charge is billed at most once. Open credits
 * (a booking repriced or cancelled after it was invoiced) reduce those lines.
 */
import type { Kysely, Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { InvoiceView, MembershipStartPreview } from '../../contract/index.js';
import { conflict } from '../../core/errors.js';
import type { PricingRules } from '../../core/money.js';
import type { CommandContext } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { findCustomer, insertCustomer, updateCustomer } from '../customers/customers.queries.js';
import { type DocumentLineInput, issueInvoice, priceDocument } from '../invoicing/invoice-engine.js';
import { posSettings } from '../pos/pos.views.js';
import { periodNumberOn, periodStart } from './members.periods.js';
import {
  type ChargeRow,
  insertCharge,
  type MemberRow,
  markChargesInvoiced,
  openCharges,
  type PlanRow,
  updateChargeAmount,
  updateMember,
} from './members.queries.js';

type Tx = Transaction<DB>;
type Db = Kysely<DB> | Transaction<DB>;

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

interface CreditUse {
  credit: ChargeRow;
  used: number;
}

/**
 * Sets the member's open credits (negative charges: a booking that now costs
 * less than was invoiced) against the open charges, as line discounts (the
 * invoice engine has no negative lines): each credit first on lines of its
 * own tax rate, then on any line. Returns each line's discount and how much
 * of each credit was used.
 */
function applyCredits(
  charges: ChargeRow[],
  credits: ChargeRow[],
): { discounts: number[]; uses: CreditUse[] } {
  const room = charges.map((c) => Number(c.amount));
  const discounts = charges.map(() => 0);
  const uses: CreditUse[] = [];
  for (const credit of credits) {
    let left = -Number(credit.amount);
    const order = [
      ...charges.flatMap((c, i) => (c.tax_rate_bp === credit.tax_rate_bp ? [i] : [])),
      ...charges.flatMap((c, i) => (c.tax_rate_bp !== credit.tax_rate_bp ? [i] : [])),
    ];
    for (const i of order) {
      const d = Math.min(left, room[i] ?? 0);
      if (d <= 0) continue;
      room[i] = (room[i] ?? 0) - d;
      discounts[i] = (discounts[i] ?? 0) + d;
      left -= d;
    }
    uses.push({ credit, used: -Number(credit.amount) - left });
  }
  return { discounts, uses };
}

/**
 * The invoice lines of a member's open charges (`open`, as openCharges lists them): one line per
 * positive charge, the open credits taken off as line discounts (applyCredits). Null when nothing
 * positive is open (`no-open-charges`). What invoiceOpenCharges issues and the member page previews.
 */
export function openChargesBill(open: ChargeRow[]) {
  const charges = open.filter((c) => Number(c.amount) > 0);
  const credits = open.filter((c) => Number(c.amount) < 0);
  if (charges.length === 0) return null;
  const { discounts, uses } = applyCredits(charges, credits);
  const lines: DocumentLineInput[] = charges.map((c, i) => ({
    description: c.description,
    qty: 1,
    unitPrice: Number(c.amount),
    taxRateBp: Number(c.tax_rate_bp),
    discount: discounts[i] ? { kind: 'amount' as const, amount: discounts[i] as number } : null,
  }));
  return { charges, uses, lines };
}

/** How a member invoice is priced: the business's price mode (charges are stored in it) and rounding. */
export async function billingPricing(db: Db, tenantId: string): Promise<PricingRules> {
  const settings = await posSettings(db, tenantId);
  return { prices: settings.prices, rounding: settings.rounding };
}

/**
 * What "charge now" would invoice for these open charges, priced as invoiceOpenCharges prices them
 * (same lines, same rules, same engine): net, tax and total; null when there is nothing to invoice.
 */
export async function openChargesQuote(db: Db, tenantId: string, open: ChargeRow[]) {
  const bill = openChargesBill(open);
  if (!bill) return null;
  const pricing = await billingPricing(db, tenantId);
  const priced = priceDocument(bill.lines, pricing);
  return { prices: pricing.prices, subtotal: priced.base, tax: priced.tax, total: priced.total };
}

/**
 * What starting a membership on `plan` on `startsOn` charges at once, `today` being the business's
 * date: the roll opens every period from the start to today's, each with its fee (periods follow
 * the start date, and each is charged), so a start five months back charges six periods. Priced as
 * the member's invoice prices them (one line per period, the business's rules and engine).
 */
export async function startPreview(
  db: Db,
  tenantId: string,
  plan: PlanRow,
  startsOn: string,
  today: string,
): Promise<MembershipStartPreview> {
  const periods = periodNumberOn(startsOn, plan.period, today) + 1;
  if (periods <= 0) return { periods: 0, from: null, to: null, fees: 0, charge: null };
  const price = Number(plan.price);
  const to = periodStart(startsOn, plan.period, periods);
  if (price <= 0) return { periods, from: startsOn, to, fees: 0, charge: null };
  const lines: DocumentLineInput[] = Array.from({ length: periods }, () => ({
    description: plan.name,
    qty: 1,
    unitPrice: price,
    taxRateBp: Number(plan.tax_rate_bp),
  }));
  const pricing = await billingPricing(db, tenantId);
  const priced = priceDocument(lines, pricing);
  return {
    periods,
    from: startsOn,
    to,
    fees: price * periods,
    charge: { prices: pricing.prices, subtotal: priced.base, tax: priced.tax, total: priced.total },
  };
}

/**
 * Issues one invoice with every open charge of the member, less their open
 * credits; `no-open-charges` when nothing is owed. A credit used in part is
 * split: the used part is invoiced with the invoice, the rest (id derived
 * from the credit and the invoice) stays open for the next one.
 */
export async function invoiceOpenCharges(
  tx: Tx,
  ctx: CommandContext,
  member: MemberRow,
  invoiceId: string,
): Promise<InvoiceView> {
  const open = await openCharges(tx, ctx.tenantId, member.id);
  const bill = openChargesBill(open);
  if (!bill) {
    throw conflict('no-open-charges', `${member.name} has nothing to invoice`);
  }
  const { charges, uses, lines } = bill;
  const customerId = await ensureCustomer(tx, ctx, member);
  const view = await issueInvoice(tx, ctx, {
    id: invoiceId,
    customerId,
    source: { type: 'membership', id: member.id },
    pricing: await billingPricing(tx, ctx.tenantId),
    notes: null,
    lines,
  });
  const used = uses.filter((u) => u.used > 0);
  for (const u of used) {
    const rest = -Number(u.credit.amount) - u.used;
    if (rest === 0) continue;
    await updateChargeAmount(tx, ctx.tenantId, u.credit.id, -u.used, ctx.now);
    await insertCharge(tx, {
      id: uuidv5(`charge-rest:${u.credit.id}:${invoiceId}`, ctx.opId),
      tenant_id: ctx.tenantId,
      member_id: member.id,
      description: u.credit.description,
      amount: -rest,
      tax_rate_bp: Number(u.credit.tax_rate_bp),
      source: u.credit.source,
      source_id: u.credit.source_id,
      status: 'open',
      invoice_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  }
  const billed = [...charges.map((c) => c.id), ...used.map((u) => u.credit.id)];
  const marked = await markChargesInvoiced(tx, ctx.tenantId, billed, invoiceId, ctx.now);
  if (marked !== billed.length) {
    throw conflict('charge-already-invoiced', 'Some of these charges were invoiced meanwhile; try again');
  }
  return view;
}

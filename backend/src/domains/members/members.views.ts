/** Read models of the members domain: a member, a plan, a member's detail page. */
import type {
  CreditEntryKindName,
  CreditResourceType,
  MemberDetail,
  MemberProfile,
  PlanView,
} from '../../contract/index.js';
import { openChargesQuote } from './members.billing.js';
import { membershipView, projectMembership } from './members.ledger.js';
import { localDay } from './members.periods.js';
import {
  companyPeople,
  creditBalances,
  creditEntries,
  liveMembershipOf,
  type MemberRow,
  memberInvoices,
  openCharges,
  type PlanRow,
  planCredits,
  tenantTimeZone,
} from './members.queries.js';

type Db = Parameters<typeof planCredits>[0];

export function toMemberView(row: MemberRow): MemberProfile {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    companyId: row.company_id,
    companyName: row.company_name ?? null,
    email: row.email,
    phone: row.phone,
    taxId: row.tax_id,
    address: row.address,
    notes: row.notes,
    status: row.status,
    customerId: row.customer_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function planViews(db: Db, tenantId: string, plans: PlanRow[]): Promise<PlanView[]> {
  const credits = await planCredits(
    db,
    tenantId,
    plans.map((p) => p.id),
  );
  return plans.map((p) => ({
    id: p.id,
    name: p.name,
    period: p.period,
    price: Number(p.price),
    taxRateBp: Number(p.tax_rate_bp),
    includedHours: credits
      .filter((c) => c.plan_id === p.id)
      .map((c) => ({
        resourceType: c.resource_type as CreditResourceType,
        minutes: Number(c.minutes),
        hours: Number(c.minutes) / 60,
      })),
    fixedDesk: Number(p.fixed_desk) === 1,
    extraDiscountBp: Number(p.extra_discount_bp),
    creditPolicy: p.credit_policy,
    rolloverCapHours: p.rollover_cap_minutes === null ? null : Number(p.rollover_cap_minutes) / 60,
    active: Number(p.active) === 1,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  }));
}

export async function planView(db: Db, tenantId: string, plan: PlanRow): Promise<PlanView> {
  return (await planViews(db, tenantId, [plan]))[0] as PlanView;
}

/**
 * A member's page at `now`: the membership and balances as of today's period
 * (projected, not written: see `projectMembership`), so "credits left" is what
 * a booking made now would find; the ledger lists the rows written so far.
 */
export async function memberDetail(
  db: Db,
  tenantId: string,
  row: MemberRow,
  now: string,
): Promise<MemberDetail> {
  const live = await liveMembershipOf(db, tenantId, row.id);
  let balances = await creditBalances(db, tenantId, row.id);
  let membership = live ?? null;
  if (live) {
    const today = localDay(now, await tenantTimeZone(db, tenantId));
    const projected = await projectMembership(db, tenantId, live, today, balances);
    balances = projected.balances;
    membership = projected.ms.status === 'ended' ? null : projected.ms;
  }
  const open = await openCharges(db, tenantId, row.id);
  return {
    member: toMemberView(row),
    people: row.kind === 'company' ? await companyPeople(db, tenantId, row.id) : [],
    membership: membership ? await membershipView(db, tenantId, membership) : null,
    balances,
    ledger: (await creditEntries(db, tenantId, row.id, 200)).map((e) => ({
      id: e.id,
      resourceType: e.resource_type,
      minutes: Number(e.minutes),
      kind: e.kind as CreditEntryKindName,
      bookingId: e.booking_id,
      periodStart: e.period_start,
      note: e.note,
      createdAt: e.created_at,
    })),
    openCharges: open.map((c) => ({
      id: c.id,
      description: c.description,
      amount: Number(c.amount),
      taxRateBp: Number(c.tax_rate_bp),
      source: c.source,
      status: c.status,
      invoiceId: c.invoice_id,
      createdAt: c.created_at,
    })),
    chargeNow: await openChargesQuote(db, tenantId, open),
    invoices: row.customer_id
      ? (await memberInvoices(db, tenantId, row.customer_id)).map((i) => ({
          id: i.id,
          number: i.number,
          status: i.status,
          issueDate: i.issue_date,
          total: Number(i.total),
          currency: i.currency,
        }))
      : [],
  };
}

/**
 * Membership periods on the credit ledger: granting a period's included
 * minutes and charging its fee, expiry or rollover at each period roll, and
 * plan changes with proration. Every row written here gets an id derived
 * from the membership and the period (or the command's op id), so replaying
 * a command on the hub, or running a roll twice, writes the same rows once.
 *
 * A member's balance of a resource type is only ever the sum of their ledger
 * entries (`creditBalances`); nothing stores a balance.
 */
import type { Kysely } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { MembershipView } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';
import type { CreditEntryKind } from '../../db/schema-members.js';
import {
  addDays,
  localDay,
  type Period,
  period,
  periodNumberOn,
  prorate,
  remainingDays,
} from './members.periods.js';
import {
  creditBalances,
  findPlan,
  insertCharge,
  insertCreditEntry,
  type MembershipRow,
  membershipFeeCharges,
  type PlanRow,
  planCredits,
  rowIdTaken,
  tenantRegion,
  tenantTimeZone,
  updateMembership,
} from './members.queries.js';

/** A transaction (the pipeline's) or, in tests, the database itself. */
type Tx = Kysely<DB>;
type Db = Parameters<typeof findPlan>[0];

const MEMBERS_NAMESPACE = '0b7d3c1e-5a2f-4e8b-9c61-2d4f7a9e8b13';
/** An id derived from a seed (membership + period, booking + sequence…), stable across replays. */
export const derivedId = (seed: string): string => uuidv5(seed, MEMBERS_NAMESPACE);

export async function planOrThrow(db: Db, tenantId: string, planId: string): Promise<PlanRow> {
  const plan = await findPlan(db, tenantId, planId);
  if (!plan) throw new Error(`membership plan ${planId} missing`);
  return plan;
}

async function minutesOf(db: Db, tenantId: string, planId: string): Promise<Map<string, number>> {
  const rows = await planCredits(db, tenantId, [planId]);
  return new Map(rows.map((r) => [r.resource_type, Number(r.minutes)]));
}

interface EntryInput {
  id: string;
  memberId: string;
  membershipId: string | null;
  resourceType: string;
  minutes: number;
  kind: CreditEntryKind;
  at: string;
  bookingId?: string | null;
  periodStart?: string | null;
  note?: string | null;
  actorId?: string | null;
}

export async function addEntry(tx: Tx, tenantId: string, e: EntryInput): Promise<void> {
  if (e.minutes === 0) return;
  await insertCreditEntry(tx, {
    id: e.id,
    tenant_id: tenantId,
    member_id: e.memberId,
    membership_id: e.membershipId,
    resource_type: e.resourceType,
    minutes: e.minutes,
    kind: e.kind,
    booking_id: e.bookingId ?? null,
    period_start: e.periodStart ?? null,
    note: e.note ?? null,
    actor_id: e.actorId ?? null,
    created_at: e.at,
  });
}

/** A calendar date as the business writes it on documents (25/11/2026 in es-ES). */
async function documentDate(tx: Tx, tenantId: string, day: string): Promise<string> {
  const { locale } = await tenantRegion(tx, tenantId);
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

/** "Flex · 25/11/2026 – 24/12/2026": an invoice line's text for a period (its last day included). */
async function describeRange(tx: Tx, tenantId: string, label: string, from: string, endExclusive: string) {
  const [a, b] = [
    await documentDate(tx, tenantId, from),
    await documentDate(tx, tenantId, addDays(endExclusive, -1)),
  ];
  return `${label} · ${a} – ${b}`;
}

/** The id of a period's fee charge (the whole period at the plan's price when it opened). */
const feeChargeId = (ms: MembershipRow, p: Period) => derivedId(`fee:${ms.id}:${p.start}`);

/**
 * Grants a period's included minutes and charges its fee, once: both ids are
 * derived from the membership and the period start, so granting the same
 * period again (a resume, a retried command) writes nothing.
 *
 * `from` (a resume) opens the period on that day: the minutes granted are
 * prorated to the days left, and the fee, still charged whole, comes with a
 * credit (a negative `membership` charge) for the paused days before `from`,
 * so what the member owes is the fee prorated to the days left while the
 * fee line stays what upgrades prorate against.
 */
export async function openPeriod(
  tx: Tx,
  tenantId: string,
  ms: MembershipRow,
  plan: PlanRow,
  p: Period,
  at: string,
  from?: string,
): Promise<{ granted: number }> {
  const left = from ? remainingDays(p, from) : p.days;
  let granted = 0;
  for (const [resourceType, planMinutes] of await minutesOf(tx, tenantId, plan.id)) {
    const id = derivedId(`grant:${ms.id}:${p.start}:${resourceType}`);
    if (await rowIdTaken(tx, 'member_credit_entries', id)) continue;
    const minutes = prorate(planMinutes, left, p.days);
    await addEntry(tx, tenantId, {
      id,
      memberId: ms.member_id,
      membershipId: ms.id,
      resourceType,
      minutes,
      kind: 'grant',
      periodStart: p.start,
      at,
    });
    granted += minutes;
  }
  const feeId = feeChargeId(ms, p);
  if (Number(plan.price) > 0 && !(await rowIdTaken(tx, 'member_charges', feeId))) {
    const pausedPart = Number(plan.price) - prorate(Number(plan.price), left, p.days);
    if (from && pausedPart > 0) {
      await insertCharge(tx, {
        id: derivedId(`fee-paused:${ms.id}:${p.start}`),
        tenant_id: tenantId,
        member_id: ms.member_id,
        description: await describeRange(tx, tenantId, `${plan.name} (paused)`, p.start, from),
        amount: -pausedPart,
        tax_rate_bp: Number(plan.tax_rate_bp),
        source: 'membership',
        source_id: ms.id,
        status: 'open',
        invoice_id: null,
        created_at: at,
        updated_at: at,
      });
    }
    await insertCharge(tx, {
      id: feeId,
      tenant_id: tenantId,
      member_id: ms.member_id,
      description: await describeRange(tx, tenantId, plan.name, p.start, p.end),
      amount: Number(plan.price),
      tax_rate_bp: Number(plan.tax_rate_bp),
      source: 'membership',
      source_id: ms.id,
      status: 'open',
      invoice_id: null,
      created_at: at,
      updated_at: at,
    });
  }
  return { granted };
}

/** What expires of a balance of `minutes` at a roll (see `expireLeftovers`). */
function expiringMinutes(plan: PlanRow, minutes: number, ending: boolean): number {
  if (minutes <= 0) return 0;
  if (ending || plan.credit_policy !== 'rollover') return minutes;
  const cap = plan.rollover_cap_minutes;
  return cap === null ? 0 : Math.max(0, minutes - Number(cap));
}

/**
 * At a period roll (or the end), what is left of each resource type expires
 * under the plan's policy: all of it ('expire', or the membership ends), or
 * what exceeds the rollover cap ('rollover'; no cap keeps everything).
 */
async function expireLeftovers(
  tx: Tx,
  tenantId: string,
  ms: MembershipRow,
  plan: PlanRow,
  boundary: string,
  ending: boolean,
  at: string,
): Promise<void> {
  for (const { resourceType, minutes } of await creditBalances(tx, tenantId, ms.member_id)) {
    if (minutes <= 0) continue;
    const expiring = expiringMinutes(plan, minutes, ending);
    await addEntry(tx, tenantId, {
      id: derivedId(`expiry:${ms.id}:${boundary}:${resourceType}`),
      memberId: ms.member_id,
      membershipId: ms.id,
      resourceType,
      minutes: -expiring,
      kind: 'expiry',
      periodStart: boundary,
      at,
    });
  }
}

/**
 * Brings a membership up to the period containing `today` (a business-local
 * date): starts it when its first day has come, then for each period boundary
 * passed applies expiry/rollover, switches to a scheduled downgrade, and
 * grants and charges the new period (not while paused). A membership
 * cancelled at period end ends at that boundary and its credits expire.
 */
export async function rollMembership(
  tx: Tx,
  tenantId: string,
  ms: MembershipRow,
  today: string,
  at: string,
): Promise<MembershipRow> {
  if (ms.status === 'ended') return ms;
  let plan = await planOrThrow(tx, tenantId, ms.plan_id);
  const unit = plan.period;
  const target = periodNumberOn(ms.starts_on, unit, today);
  if (target < 0) return ms;
  const current = { ...ms };
  let changed = false;
  if (current.period_no === null) {
    current.period_no = 0;
    changed = true;
    if (current.status === 'active')
      await openPeriod(tx, tenantId, current, plan, period(ms.starts_on, unit, 0), at);
  }
  while (Number(current.period_no) < target) {
    const next = period(ms.starts_on, unit, Number(current.period_no) + 1);
    changed = true;
    if (current.ends_on && next.start >= current.ends_on) {
      await expireLeftovers(tx, tenantId, current, plan, next.start, true, at);
      current.status = 'ended';
      break;
    }
    await expireLeftovers(tx, tenantId, current, plan, next.start, false, at);
    if (current.next_plan_id) {
      plan = await planOrThrow(tx, tenantId, current.next_plan_id);
      current.plan_id = plan.id;
      current.next_plan_id = null;
      // A plan without a fixed desk frees the desk the membership held.
      if (Number(plan.fixed_desk) !== 1) current.desk_label = null;
    }
    current.period_no = next.no;
    if (current.status === 'active') await openPeriod(tx, tenantId, current, plan, next, at);
  }
  if (changed) {
    await updateMembership(tx, tenantId, ms.id, {
      plan_id: current.plan_id,
      next_plan_id: current.next_plan_id,
      status: current.status,
      period_no: current.period_no,
      desk_label: current.desk_label,
      updated_at: at,
    });
    current.updated_at = at;
  }
  return current;
}

type Balance = { resourceType: string; minutes: number };

/**
 * The membership and the member's balances as `rollMembership` would leave
 * them on `today`, worked out without writing anything: what a read (the
 * member page, the booking form's credits) shows while no command has rolled
 * the membership yet — the current period, leftovers expired or rolled over,
 * the new period's minutes granted, a scheduled downgrade in effect.
 */
export async function projectMembership(
  db: Db,
  tenantId: string,
  ms: MembershipRow,
  today: string,
  balances: Balance[],
): Promise<{ ms: MembershipRow; balances: Balance[] }> {
  if (ms.status === 'ended') return { ms, balances };
  let plan = await planOrThrow(db, tenantId, ms.plan_id);
  const unit = plan.period;
  const target = periodNumberOn(ms.starts_on, unit, today);
  if (target < 0) return { ms, balances };
  const current = { ...ms };
  const bal = new Map(balances.map((b) => [b.resourceType, b.minutes]));
  const grant = async () => {
    if (current.status !== 'active') return;
    for (const [type, minutes] of await minutesOf(db, tenantId, plan.id)) {
      bal.set(type, (bal.get(type) ?? 0) + minutes);
    }
  };
  if (current.period_no === null) {
    current.period_no = 0;
    await grant();
  }
  while (Number(current.period_no) < target) {
    const next = period(ms.starts_on, unit, Number(current.period_no) + 1);
    const ending = Boolean(current.ends_on && next.start >= current.ends_on);
    for (const [type, minutes] of bal) bal.set(type, minutes - expiringMinutes(plan, minutes, ending));
    if (ending) {
      current.status = 'ended';
      break;
    }
    if (current.next_plan_id) {
      plan = await planOrThrow(db, tenantId, current.next_plan_id);
      current.plan_id = plan.id;
      current.next_plan_id = null;
      if (Number(plan.fixed_desk) !== 1) current.desk_label = null;
    }
    current.period_no = next.no;
    await grant();
  }
  const projected = [...bal]
    .map(([resourceType, minutes]) => ({ resourceType, minutes }))
    .sort((a, b) => (a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : 0));
  return { ms: current, balances: projected };
}

export interface PlanChange {
  effective: 'now' | 'next-period';
  prorationCharge: number;
}

/**
 * What the member has paid for the `left` last days of period `p`: the
 * period's fee prorated to them, plus each upgrade charged in the period
 * prorated from the days it covered (those left on its day) to them. Not the
 * plan's price today: a price changed since applies from the next period.
 */
async function paidForRest(tx: Tx, tenantId: string, ms: MembershipRow, p: Period, left: number) {
  const timeZone = await tenantTimeZone(tx, tenantId);
  const feeId = feeChargeId(ms, p);
  let paid = 0;
  for (const c of await membershipFeeCharges(tx, tenantId, ms.id)) {
    if (c.id === feeId) {
      paid += prorate(Number(c.amount), left, p.days);
    } else if (c.source === 'proration') {
      const day = localDay(new Date(c.created_at).toISOString(), timeZone);
      if (day < p.start || day >= p.end) continue;
      const covered = remainingDays(p, day);
      if (covered > 0) paid += prorate(Number(c.amount), Math.min(left, covered), covered);
    }
  }
  return paid;
}

/**
 * Changes a started membership's plan on `today`. An upgrade (the new plan's
 * price, prorated to the days left, at least what the member paid for them:
 * `paidForRest`, not the current plan's price today, which a raise changes
 * only from the next period) applies at once: the member is charged
 * prorate(new) minus what they paid for the days left, today included, and gets
 * prorate(newMinutes) − prorate(oldMinutes) per resource type (a reduction
 * never takes the balance below zero). A downgrade waits for the next period,
 * so nothing already paid is refunded.
 */
export async function changePlan(
  tx: Tx,
  tenantId: string,
  ms: MembershipRow,
  oldPlan: PlanRow,
  newPlan: PlanRow,
  today: string,
  opId: string,
  at: string,
): Promise<PlanChange> {
  if (ms.period_no === null) {
    // Not started yet: nothing was granted or charged, so any change simply applies.
    await updateMembership(tx, tenantId, ms.id, { plan_id: newPlan.id, next_plan_id: null, updated_at: at });
    return { effective: 'now', prorationCharge: 0 };
  }
  const p = period(ms.starts_on, oldPlan.period, Number(ms.period_no));
  const left = remainingDays(p, today);
  const charge =
    prorate(Number(newPlan.price), left, p.days) - (await paidForRest(tx, tenantId, ms, p, left));
  if (charge < 0) {
    await updateMembership(tx, tenantId, ms.id, { next_plan_id: newPlan.id, updated_at: at });
    return { effective: 'next-period', prorationCharge: 0 };
  }
  await updateMembership(tx, tenantId, ms.id, { plan_id: newPlan.id, next_plan_id: null, updated_at: at });
  if (charge > 0) {
    await insertCharge(tx, {
      id: derivedId(`proration:${ms.id}:${opId}`),
      tenant_id: tenantId,
      member_id: ms.member_id,
      description: await describeRange(tx, tenantId, `${oldPlan.name} → ${newPlan.name}`, today, p.end),
      amount: charge,
      tax_rate_bp: Number(newPlan.tax_rate_bp),
      source: 'proration',
      source_id: ms.id,
      status: 'open',
      invoice_id: null,
      created_at: at,
      updated_at: at,
    });
  }
  if (ms.status === 'active') {
    const before = await minutesOf(tx, tenantId, oldPlan.id);
    const after = await minutesOf(tx, tenantId, newPlan.id);
    const balances = new Map(
      (await creditBalances(tx, tenantId, ms.member_id)).map((b) => [b.resourceType, b.minutes]),
    );
    for (const type of new Set([...before.keys(), ...after.keys()])) {
      let delta = prorate(after.get(type) ?? 0, left, p.days) - prorate(before.get(type) ?? 0, left, p.days);
      delta = Math.max(delta, -Math.max(0, balances.get(type) ?? 0));
      await addEntry(tx, tenantId, {
        id: derivedId(`plan-change:${ms.id}:${opId}:${type}`),
        memberId: ms.member_id,
        membershipId: ms.id,
        resourceType: type,
        minutes: delta,
        kind: 'plan_change',
        periodStart: p.start,
        at,
      });
    }
  }
  return { effective: 'now', prorationCharge: charge };
}

export async function membershipView(db: Db, tenantId: string, ms: MembershipRow): Promise<MembershipView> {
  const plan = await planOrThrow(db, tenantId, ms.plan_id);
  const next = ms.next_plan_id ? await findPlan(db, tenantId, ms.next_plan_id) : undefined;
  const p = ms.period_no === null ? null : period(ms.starts_on, plan.period, Number(ms.period_no));
  return {
    id: ms.id,
    memberId: ms.member_id,
    plan: { id: plan.id, name: plan.name, period: plan.period, price: Number(plan.price) },
    nextPlan: next ? { id: next.id, name: next.name } : null,
    status: ms.status,
    startsOn: ms.starts_on,
    periodStart: p?.start ?? null,
    periodEnd: p?.end ?? null,
    endsOn: ms.ends_on,
    deskLabel: ms.desk_label,
  };
}

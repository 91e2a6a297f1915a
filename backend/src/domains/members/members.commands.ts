/**
 * Members, membership plans, memberships, credit adjustments and member
 * billing, as commands. Front-desk staff create and edit members
 * (`bookings.manage`); plans, memberships and credit adjustments are a
 * manager's (`resources.manage`); invoicing is `invoices.manage`. Dates that
 * decide periods are the business's local dates at `ctx.now`.
 */
import { z } from 'zod';
import {
  type ChangePlanResult,
  creditAdjustmentRequest,
  memberCreateRequest,
  membershipChangePlanRequest,
  membershipStartRequest,
  memberUpdateRequest,
  planCreateRequest,
  planUpdateRequest,
} from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import { invoiceOpenCharges, startPreview, syncCustomer } from './members.billing.js';
import {
  addEntry,
  changePlan,
  membershipView,
  openPeriod,
  planOrThrow,
  rollMembership,
} from './members.ledger.js';
import { addDays, localDay, period } from './members.periods.js';
import {
  creditBalance,
  deskHolders,
  findMember,
  findMembership,
  findPlan,
  insertMember,
  insertMembership,
  insertPlan,
  liveMembershipOf,
  type MemberRow,
  type MembershipRow,
  type PlanRow,
  replacePlanCredits,
  rowIdTaken,
  tenantTimeZone,
  updateMember,
  updateMembership,
  updatePlan,
} from './members.queries.js';
import { memberDetail, planView, toMemberView } from './members.views.js';

type Tx = Parameters<Parameters<typeof command>[0]['handler']>[0];

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

const idTaken = (field = 'id') =>
  conflict('id-taken', 'A row with this id already exists; retry without it', field);

async function memberOr404(tx: Tx, tenantId: string, memberId: string): Promise<MemberRow> {
  const row = await findMember(tx, tenantId, memberId);
  if (!row) throw notFound('Member');
  return row;
}

async function membershipOr404(tx: Tx, tenantId: string, id: string): Promise<MembershipRow> {
  const row = await findMembership(tx, tenantId, id);
  if (!row) throw notFound('Membership');
  return row;
}

async function today(tx: Tx, ctx: CommandContext): Promise<string> {
  return localDay(ctx.now, await tenantTimeZone(tx, ctx.tenantId));
}

/** A person's company must be a company member of the same business. */
async function checkCompany(
  tx: Tx,
  tenantId: string,
  kind: string,
  companyId: string | null,
  selfId: string,
) {
  if (companyId === null) return;
  const company =
    kind === 'person' && companyId !== selfId ? await findMember(tx, tenantId, companyId) : null;
  if (company?.kind !== 'company') {
    throw new DomainError('company-unknown', 400, 'There is no such company member', 'companyId');
  }
}

/**
 * A member marked as left must not keep being billed: while their membership
 * renews (live and not cancelled) "left" is refused, and the manager cancels
 * it first (it then runs to the end of the period already paid). Marking
 * someone left never cancels a membership by itself: that is a manager's
 * billing decision, and front-desk staff may edit members (docs/decisions.md).
 */
async function assertNothingRenews(tx: Tx, tenantId: string, member: MemberRow) {
  const live = await liveMembershipOf(tx, tenantId, member.id);
  if (live && live.ends_on === null) {
    throw conflict(
      'membership-renews',
      `${member.name} has a membership that keeps renewing: cancel it before marking them as left`,
      'status',
    );
  }
}

/**
 * A fixed desk is one live membership's at a time. Checked where the membership is started or
 * moved (a console, or the hub's own screens), not on the hub's replay of a pushed op: two
 * counters that gave the same desk offline both keep their membership, and the staff sort the
 * desk out, rather than one counter's op being refused. Each holder is first brought up to
 * today (memberships roll lazily): one cancelled that has run out, or moved at its roll to a
 * plan without a desk, no longer holds it, as the member page already shows.
 */
async function assertDeskFree(tx: Tx, ctx: CommandContext, deskLabel: string, membershipId: string | null) {
  if (isReplay(ctx)) return;
  const day = await today(tx, ctx);
  for (const { member_name, ...stored } of await deskHolders(tx, ctx.tenantId, deskLabel, membershipId)) {
    const holder = await rollMembership(tx, ctx.tenantId, stored, day, ctx.now);
    if (holder.status !== 'ended' && holder.desk_label?.toLowerCase() === deskLabel.toLowerCase()) {
      throw conflict('desk-taken', `Desk ${deskLabel} is ${member_name}'s`, 'deskLabel');
    }
  }
}

/**
 * The member's membership as of today (rolled first): null when none is left, so one cancelled
 * that has run out no longer counts, as the member page already shows.
 */
async function currentMembershipOf(tx: Tx, ctx: CommandContext, memberId: string, day: string) {
  const live = await liveMembershipOf(tx, ctx.tenantId, memberId);
  if (!live) return null;
  const ms = await rollMembership(tx, ctx.tenantId, live, day, ctx.now);
  return ms.status === 'ended' ? null : ms;
}

// ——— members ———

export const createMember = command({
  name: 'members.member.create',
  permission: 'bookings.manage',
  input: memberCreateRequest.extend({ id: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await rowIdTaken(tx, 'members', input.id)) throw idTaken();
    await checkCompany(tx, ctx.tenantId, input.kind, input.companyId, input.id);
    await insertMember(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      kind: input.kind,
      company_id: input.companyId,
      name: input.name,
      email: input.email,
      phone: input.phone,
      tax_id: input.taxId,
      address: input.address,
      notes: input.notes,
      status: input.status,
      customer_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    const view = toMemberView(await memberOr404(tx, ctx.tenantId, input.id));
    return { result: view, entity: { type: 'member', id: view.id }, after: view };
  },
});

export const updateMemberCommand = command({
  name: 'members.member.update',
  permission: 'bookings.manage',
  input: z.object({ memberId: rowId, changes: memberUpdateRequest }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const row = await memberOr404(tx, ctx.tenantId, input.memberId);
    const c = input.changes;
    if (c.companyId !== undefined) await checkCompany(tx, ctx.tenantId, row.kind, c.companyId, row.id);
    if (c.status === 'left' && row.status !== 'left') await assertNothingRenews(tx, ctx.tenantId, row);
    await updateMember(tx, ctx.tenantId, row.id, {
      name: c.name,
      company_id: c.companyId,
      email: c.email,
      phone: c.phone,
      tax_id: c.taxId,
      address: c.address,
      notes: c.notes,
      status: c.status,
      updated_at: ctx.now,
    });
    const after = await memberOr404(tx, ctx.tenantId, row.id);
    await syncCustomer(tx, ctx, after);
    return {
      result: toMemberView(after),
      entity: { type: 'member', id: row.id },
      before: toMemberView(row),
      after: toMemberView(after),
    };
  },
});

// ——— plans ———

const toMinutes = (hours: number) => Math.round(hours * 60);

/** A plan's included hours, stored as minutes of credit per resource type. */
const saveIncludedHours = (
  tx: Tx,
  tenantId: string,
  planId: string,
  includedHours: { resourceType: string; hours: number }[],
) =>
  replacePlanCredits(
    tx,
    tenantId,
    planId,
    includedHours.map((h) => ({ resourceType: h.resourceType, minutes: toMinutes(h.hours) })),
  );

export const createPlan = command({
  name: 'members.plan.create',
  permission: 'resources.manage',
  input: planCreateRequest.safeExtend({ id: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await rowIdTaken(tx, 'membership_plans', input.id)) throw idTaken();
    await insertPlan(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      name: input.name,
      period: input.period,
      price: input.price,
      tax_rate_bp: input.taxRateBp,
      fixed_desk: input.fixedDesk ? 1 : 0,
      extra_discount_bp: input.extraDiscountBp,
      credit_policy: input.creditPolicy,
      rollover_cap_minutes: input.rolloverCapHours === null ? null : toMinutes(input.rolloverCapHours),
      active: input.active ? 1 : 0,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await saveIncludedHours(tx, ctx.tenantId, input.id, input.includedHours);
    const view = await planView(tx, ctx.tenantId, await planOrThrow(tx, ctx.tenantId, input.id));
    return { result: view, entity: { type: 'membership_plan', id: view.id }, after: view };
  },
});

/** Changes reach memberships from their next period (prices, included hours, policy). */
export const updatePlanCommand = command({
  name: 'members.plan.update',
  permission: 'resources.manage',
  input: z.object({ planId: rowId, changes: planUpdateRequest }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const row = await findPlan(tx, ctx.tenantId, input.planId);
    if (!row) throw notFound('Plan');
    const before = await planView(tx, ctx.tenantId, row);
    const c = input.changes;
    if (c.period !== undefined && c.period !== row.period) {
      const used = await tx
        .selectFrom('member_memberships')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where((eb) => eb.or([eb('plan_id', '=', row.id), eb('next_plan_id', '=', row.id)]))
        .where('status', '<>', 'ended')
        .executeTakeFirst();
      if (used) {
        throw conflict('plan-in-use', 'Members are on this plan: its period cannot change', 'period');
      }
    }
    await updatePlan(tx, ctx.tenantId, row.id, {
      name: c.name,
      period: c.period,
      price: c.price,
      tax_rate_bp: c.taxRateBp,
      fixed_desk: c.fixedDesk === undefined ? undefined : c.fixedDesk ? 1 : 0,
      extra_discount_bp: c.extraDiscountBp,
      credit_policy: c.creditPolicy,
      rollover_cap_minutes:
        c.rolloverCapHours === undefined
          ? undefined
          : c.rolloverCapHours === null
            ? null
            : toMinutes(c.rolloverCapHours),
      active: c.active === undefined ? undefined : c.active ? 1 : 0,
      updated_at: ctx.now,
    });
    if (c.includedHours) await saveIncludedHours(tx, ctx.tenantId, row.id, c.includedHours);
    const after = await planView(tx, ctx.tenantId, await planOrThrow(tx, ctx.tenantId, row.id));
    return { result: after, entity: { type: 'membership_plan', id: row.id }, before, after };
  },
});

// ——— memberships ———

/** A plan of the business still offered: `plan-unknown` / `plan-inactive` on `planId` otherwise. */
export async function usablePlan(tx: Parameters<typeof findPlan>[0], tenantId: string, planId: string) {
  const plan = await findPlan(tx, tenantId, planId);
  if (!plan) throw new DomainError('plan-unknown', 400, 'There is no such plan in this business', 'planId');
  if (Number(plan.active) !== 1) {
    throw new DomainError('plan-inactive', 400, `Plan ${plan.name} is no longer offered`, 'planId');
  }
  return plan;
}

const membershipOutcome = async (tx: Tx, ctx: CommandContext, id: string, before?: unknown) => {
  const view = await membershipView(tx, ctx.tenantId, await membershipOr404(tx, ctx.tenantId, id));
  return { result: view, entity: { type: 'membership', id }, before, after: view };
};

/** A start date within a year of the business's today, either way (`start-date-out-of-range`). */
export function assertStartInRange(startsOn: string, today: string) {
  if (startsOn < addDays(today, -366) || startsOn > addDays(today, 366)) {
    throw new DomainError('start-date-out-of-range', 400, 'Start within a year of today', 'startsOn');
  }
}

export const startMembership = command({
  name: 'members.membership.start',
  permission: 'resources.manage',
  input: membershipStartRequest.extend({ id: z.uuid(), memberId: rowId }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const member = await memberOr404(tx, ctx.tenantId, input.memberId);
    if (await rowIdTaken(tx, 'member_memberships', input.id)) throw idTaken();
    if (member.status === 'left') {
      throw conflict('member-left', `${member.name} has left: set them active first`);
    }
    const day = await today(tx, ctx);
    if (await currentMembershipOf(tx, ctx, member.id, day)) {
      throw conflict('membership-exists', `${member.name} already has a membership`);
    }
    const plan = await usablePlan(tx, ctx.tenantId, input.planId);
    if (Number(plan.fixed_desk) === 1 && !input.deskLabel) {
      throw new DomainError('desk-required', 400, 'This plan assigns a fixed desk: say which', 'deskLabel');
    }
    if (input.deskLabel) await assertDeskFree(tx, ctx, input.deskLabel, null);
    assertStartInRange(input.startsOn, day);
    // Staff are told before a start charges past periods: live, the count they confirmed must be
    // what it charges (the hub replays what a console confirmed).
    const charged = await startPreview(tx, ctx.tenantId, plan, input.startsOn, day);
    if (
      charged.periods > 1 &&
      charged.fees > 0 &&
      input.confirmPeriods !== charged.periods &&
      !isReplay(ctx)
    ) {
      throw conflict(
        'past-periods-unconfirmed',
        `Starting on ${input.startsOn} charges ${charged.periods} periods at once (${charged.charge?.total ?? 0} in all): confirm them`,
        'startsOn',
      );
    }
    await insertMembership(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      member_id: member.id,
      plan_id: plan.id,
      next_plan_id: null,
      status: 'active',
      starts_on: input.startsOn,
      period_no: null,
      ends_on: null,
      desk_label: input.deskLabel,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await rollMembership(tx, ctx.tenantId, await membershipOr404(tx, ctx.tenantId, input.id), day, ctx.now);
    return membershipOutcome(tx, ctx, input.id);
  },
});

/** Loads a membership brought up to today, refusing ended ones and (unless allowed) cancelled ones. */
async function liveForChange(tx: Tx, ctx: CommandContext, id: string, allowCancelled = false) {
  const stored = await membershipOr404(tx, ctx.tenantId, id);
  const day = await today(tx, ctx);
  const ms = await rollMembership(tx, ctx.tenantId, stored, day, ctx.now);
  if (ms.status === 'ended') {
    const when = ms.ends_on ? ` on ${ms.ends_on}` : '';
    throw conflict('membership-ended', `This membership has ended${when}: start a new one`);
  }
  if (ms.ends_on && !allowCancelled) {
    throw conflict('membership-cancelled', `This membership is cancelled: it ends on ${ms.ends_on}`);
  }
  return { ms, day, before: await membershipView(tx, ctx.tenantId, stored) };
}

const membershipIdInput = z.object({ membershipId: rowId });

/** The plan of a membership that has a current period (period_no set), and that period. */
async function currentPeriod(tx: Tx, tenantId: string, ms: MembershipRow) {
  const plan = await planOrThrow(tx, tenantId, ms.plan_id);
  return { plan, p: period(ms.starts_on, plan.period, Number(ms.period_no)) };
}

/**
 * Grants the current period's credits and charges its fee, if not yet done (ids derived from
 * membership + period); `from` (a resume) prorates both to the days left from that day.
 */
async function openCurrentPeriod(tx: Tx, ctx: CommandContext, ms: MembershipRow, from?: string) {
  const { plan, p } = await currentPeriod(tx, ctx.tenantId, ms);
  await openPeriod(tx, ctx.tenantId, ms, plan, p, ctx.now, from);
}

export const pauseMembership = command({
  name: 'members.membership.pause',
  permission: 'resources.manage',
  input: membershipIdInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const { ms, before } = await liveForChange(tx, ctx, input.membershipId);
    if (ms.status === 'paused') throw conflict('membership-paused', 'This membership is already paused');
    await updateMembership(tx, ctx.tenantId, ms.id, { status: 'paused', updated_at: ctx.now });
    return membershipOutcome(tx, ctx, ms.id, before);
  },
});

/**
 * Resuming grants and charges the current period if the pause skipped it (once: derived ids),
 * prorated to the days left from today: a period resumed on its 27th day of 31 costs 5 days.
 */
export const resumeMembership = command({
  name: 'members.membership.resume',
  permission: 'resources.manage',
  input: membershipIdInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const { ms, day, before } = await liveForChange(tx, ctx, input.membershipId);
    if (ms.status !== 'paused') throw conflict('membership-not-paused', 'This membership is not paused');
    await updateMembership(tx, ctx.tenantId, ms.id, { status: 'active', updated_at: ctx.now });
    if (ms.period_no !== null) await openCurrentPeriod(tx, ctx, { ...ms, status: 'active' }, day);
    return membershipOutcome(tx, ctx, ms.id, before);
  },
});

/**
 * The desk a membership holds on `plan`: the one asked for, else the one it already has; a plan
 * with a fixed desk needs one (`desk-required`) that no other live membership holds (`desk-taken`).
 */
async function deskFor(tx: Tx, ctx: CommandContext, ms: MembershipRow, plan: PlanRow, asked: string | null) {
  if (Number(plan.fixed_desk) !== 1) return null;
  const desk = asked ?? ms.desk_label;
  if (!desk) {
    throw new DomainError('desk-required', 400, `${plan.name} assigns a fixed desk: say which`, 'deskLabel');
  }
  await assertDeskFree(tx, ctx, desk, ms.id);
  return desk;
}

/**
 * Upgrades apply now (prorated), downgrades from the next period. Choosing the current plan
 * again undoes a scheduled downgrade. A fixed-desk plan takes its desk at once, also for a
 * downgrade (the desk is reserved from today); leaving for a plan without one frees it when
 * that plan starts.
 */
export const changeMembershipPlan = command({
  name: 'members.membership.change_plan',
  permission: 'resources.manage',
  input: membershipChangePlanRequest.extend({ membershipId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const { ms, day, before } = await liveForChange(tx, ctx, input.membershipId);
    if (ms.status === 'paused')
      throw conflict('membership-paused', 'Resume the membership to change its plan');
    const oldPlan = await planOrThrow(tx, ctx.tenantId, ms.plan_id);
    if (input.planId === oldPlan.id) {
      if (!ms.next_plan_id) {
        throw new DomainError('plan-unchanged', 400, 'The membership is already on this plan', 'planId');
      }
      // Undo the scheduled downgrade: the desk it reserved goes if the current plan has none.
      const desk = Number(oldPlan.fixed_desk) === 1 ? ms.desk_label : null;
      await updateMembership(tx, ctx.tenantId, ms.id, {
        next_plan_id: null,
        desk_label: desk,
        updated_at: ctx.now,
      });
      const outcome = await membershipOutcome(tx, ctx, ms.id, before);
      const undone = { effective: 'now' as const, prorationCharge: 0 };
      const result: ChangePlanResult = { membership: outcome.result, ...undone };
      return { ...outcome, result, after: { ...outcome.after, ...undone } };
    }
    const newPlan = await usablePlan(tx, ctx.tenantId, input.planId);
    if (newPlan.period !== oldPlan.period) {
      throw new DomainError(
        'plan-period-mismatch',
        400,
        'Change to a plan billed on the same period (monthly or yearly); cancel and start again otherwise',
        'planId',
      );
    }
    const desk = await deskFor(tx, ctx, ms, newPlan, input.deskLabel);
    const change = await changePlan(tx, ctx.tenantId, ms, oldPlan, newPlan, day, ctx.opId, ctx.now);
    if (desk !== null) {
      await updateMembership(tx, ctx.tenantId, ms.id, { desk_label: desk, updated_at: ctx.now });
    } else if (change.effective === 'now') {
      await updateMembership(tx, ctx.tenantId, ms.id, { desk_label: null, updated_at: ctx.now });
    }
    const outcome = await membershipOutcome(tx, ctx, ms.id, before);
    const result: ChangePlanResult = { membership: outcome.result, ...change };
    return { ...outcome, result, after: { ...outcome.after, ...change } };
  },
});

/** Cancel at period end: the membership runs (and is charged) to the end of the current period. */
export const cancelMembership = command({
  name: 'members.membership.cancel',
  permission: 'resources.manage',
  input: membershipIdInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const { ms, before } = await liveForChange(tx, ctx, input.membershipId);
    if (ms.period_no === null) {
      await updateMembership(tx, ctx.tenantId, ms.id, {
        status: 'ended',
        ends_on: ms.starts_on,
        updated_at: ctx.now,
      });
    } else {
      const { p } = await currentPeriod(tx, ctx.tenantId, ms);
      await updateMembership(tx, ctx.tenantId, ms.id, {
        ends_on: p.end,
        next_plan_id: null,
        updated_at: ctx.now,
      });
    }
    return membershipOutcome(tx, ctx, ms.id, before);
  },
});

/**
 * Undoes "cancel at period end" while the cancellation has not taken effect (the membership is
 * brought up to today first: on or after its end date it has ended, `membership-ended`, and a
 * new membership is the way back). The membership renews again from its next period; a
 * downgrade the cancellation dropped is not brought back (change plan again for it).
 */
export const undoCancelMembership = command({
  name: 'members.membership.undo_cancel',
  permission: 'resources.manage',
  input: membershipIdInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const { ms, before } = await liveForChange(tx, ctx, input.membershipId, true);
    if (!ms.ends_on) {
      throw conflict('membership-not-cancelled', 'This membership is not cancelled: it keeps renewing');
    }
    await updateMembership(tx, ctx.tenantId, ms.id, { ends_on: null, updated_at: ctx.now });
    return membershipOutcome(tx, ctx, ms.id, before);
  },
});

/**
 * Grants the current period's credits (and charges its fee) if not yet done:
 * rolls the membership to today. Running it again in the same period changes
 * nothing (ids derived from membership + period).
 */
export const renewMembership = command({
  name: 'members.membership.renew',
  permission: 'resources.manage',
  input: membershipIdInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const stored = await membershipOr404(tx, ctx.tenantId, input.membershipId);
    const before = await membershipView(tx, ctx.tenantId, stored);
    const ms = await rollMembership(tx, ctx.tenantId, stored, await today(tx, ctx), ctx.now);
    if (ms.status === 'active' && ms.period_no !== null) await openCurrentPeriod(tx, ctx, ms);
    return membershipOutcome(tx, ctx, ms.id, before);
  },
});

// ——— credits ———

/**
 * A manual adjustment, checked against and written into today's period: the member's membership
 * is first brought up to today (as the member page shows it), so goodwill given early in a new
 * period is not expired by that period's roll, and a removal is weighed against the new period's
 * hours.
 */
export const adjustCredits = command({
  name: 'members.credits.adjust',
  permission: 'resources.manage',
  input: creditAdjustmentRequest.extend({ id: z.uuid(), memberId: rowId }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const member = await memberOr404(tx, ctx.tenantId, input.memberId);
    if (await rowIdTaken(tx, 'member_credit_entries', input.id)) throw idTaken();
    const live = await currentMembershipOf(tx, ctx, member.id, await today(tx, ctx));
    const balance = await creditBalance(tx, ctx.tenantId, member.id, input.resourceType);
    if (balance + input.minutes < 0) {
      throw new DomainError(
        'credits-insufficient',
        409,
        `Only ${balance} minutes are left to take away`,
        'minutes',
      );
    }
    await addEntry(tx, ctx.tenantId, {
      id: input.id,
      memberId: member.id,
      membershipId: live?.id ?? null,
      resourceType: input.resourceType,
      minutes: input.minutes,
      kind: 'adjustment',
      note: input.note,
      actorId: ctx.actor?.userId ?? null,
      at: ctx.now,
    });
    const after = { resourceType: input.resourceType, minutes: input.minutes, note: input.note };
    return {
      result: await memberDetail(tx, ctx.tenantId, member, ctx.now),
      entity: { type: 'member', id: member.id },
      before: { balance },
      after: { ...after, balance: balance + input.minutes },
    };
  },
});

// ——— billing ———

const invoiceAudit = (v: { id: string; number: string | null; total: number }) => ({
  invoiceId: v.id,
  number: v.number,
  total: v.total,
});

/** "Charge now": one invoice with the member's open charges. */
export const chargeMemberNow = command({
  name: 'members.member.charge_now',
  permission: 'invoices.manage',
  input: z.object({ memberId: rowId, invoiceId: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const member = await memberOr404(tx, ctx.tenantId, input.memberId);
    const view = await invoiceOpenCharges(tx, ctx, member, input.invoiceId);
    return { result: view, entity: { type: 'member', id: member.id }, after: invoiceAudit(view) };
  },
});

/** The membership invoice: brings the membership to today's period (its fee), then invoices every open charge. */
export const invoiceMembershipPeriod = command({
  name: 'members.membership.invoice_period',
  permission: 'invoices.manage',
  input: z.object({ membershipId: rowId, invoiceId: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const stored = await membershipOr404(tx, ctx.tenantId, input.membershipId);
    await rollMembership(tx, ctx.tenantId, stored, await today(tx, ctx), ctx.now);
    const member = await memberOr404(tx, ctx.tenantId, stored.member_id);
    const view = await invoiceOpenCharges(tx, ctx, member, input.invoiceId);
    return { result: view, entity: { type: 'membership', id: stored.id }, after: invoiceAudit(view) };
  },
});

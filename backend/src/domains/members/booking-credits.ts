/**
 * The seam between bookings and members. A booking for a member consumes the
 * member's included credits inside the booking command's transaction, a
 * timely cancellation returns them, and what credits do not cover (extra
 * time, late-cancellation fees) becomes a member charge that the members
 * domain bills through the shared invoice engine. The members domain owns
 * the ledger and the charges; bookings only call these functions.
 *
 * Ids of the rows written here are derived from the booking (and how many
 * ledger entries it already has), so the hub's replay writes the same rows.
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { addEntry, derivedId, planOrThrow, rollMembership } from './members.ledger.js';
import { localDay, period, periodNumberOn } from './members.periods.js';
import {
  bookingBilledMembers,
  bookingCharges,
  bookingCreditEntries,
  bookingCreditUse,
  creditBalance,
  findCharge,
  findMembership,
  insertCharge,
  liveMembershipOf,
  type MembershipRow,
  memberCompany,
  setChargeStatus,
  tenantTimeZone,
  typeCreditEntries,
} from './members.queries.js';

export interface BookingCreditRequest {
  bookingId: string;
  memberId: string;
  /** e.g. 'meeting_room', 'hot_desk' — plans include credits per resource type. */
  resourceType: string;
  /** Booked minutes. */
  minutes: number;
  /** Booking start (UTC ISO): which membership period pays. */
  startsAt: string;
  /** The command's ctx.now (UTC ISO), for the ledger entry. */
  at: string;
  /**
   * Minutes of the booking already paid that are not to be paid again (a re-price: see
   * `releaseForReprice`): they cover the booking first, and only the rest is consumed now.
   */
  prepaidMinutes?: number;
}

export interface BookingCreditResult {
  /** Minutes of the booking paid by credits; the rest is charged at the resource's rates. */
  minutesCovered: number;
  /** The paying member's plan discount on the minutes credits do not cover, basis points (0 without a plan). */
  extraDiscountBp?: number;
  /** Who is charged what credits do not cover: the booked member, or their company (`bookingPayer`). */
  chargeTo: string;
  /** The booked person's name when their company is charged (for the charge's text), else null. */
  onBehalfOf: string | null;
  /** Who paid, as decided here: what the command's op carries (`paidAs`) for the hub's replay. */
  paidAs: PayerDecision;
}

/**
 * Who pays a booking for a member, as decided where the booking was made or changed. The
 * booking's op carries it (`paidAs`) and the hub's replay follows it, even if the person's
 * company link changed on the hub meanwhile (docs/decisions.md, session 15), within the rules
 * that still hold: both are members of this business, the company is a company member.
 */
export interface PayerDecision {
  /** The booked member the decision is for. */
  memberId: string;
  /** The company whose credits pay what the person's own do not cover; null: their own only. */
  companyId: string | null;
  /** Who is charged what credits do not cover: the booked member, or that company. */
  billTo: string;
}

async function memberExists(tx: Kysely<DB>, tenantId: string, memberId: string): Promise<string> {
  const row = await tx
    .selectFrom('members')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!row)
    throw new DomainError('member-unknown', 400, 'There is no such member in this business', 'memberId');
  return row.name;
}

/**
 * A new booking for a member who has left is refused (`member-left`). The
 * bookings engine asks only where the booking is being made (console or hub
 * API, not the hub's replay of a console's op): a booking made offline
 * before the member was marked left elsewhere still replays.
 */
export async function assertMemberBookable(
  tx: Kysely<DB>,
  tenantId: string,
  memberId: string,
): Promise<void> {
  const row = await tx
    .selectFrom('members')
    .select(['name', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (row?.status === 'left') {
    throw new DomainError('member-left', 409, `${row.name} has left: set them active to book`, 'memberId');
  }
}

/** The member's membership not marked ended, brought up to the period containing `at` (it may end there); null without one. */
async function rolledMembership(
  tx: Kysely<DB>,
  tenantId: string,
  memberId: string,
  at: string,
): Promise<MembershipRow | null> {
  const live = await liveMembershipOf(tx, tenantId, memberId);
  if (!live) return null;
  return rollMembership(tx, tenantId, live, localDay(at, await tenantTimeZone(tx, tenantId)), at);
}

const running = (ms: MembershipRow | null): ms is MembershipRow => !!ms && ms.status !== 'ended';

/** The booked person's company, when it may pay for them: of the same business, not left. */
async function payingCompany(tx: Kysely<DB>, tenantId: string, memberId: string) {
  const company = await memberCompany(tx, tenantId, memberId);
  return company && company.status !== 'left' ? company : null;
}

/**
 * Who pays a booking for `memberId` (docs/decisions.md, "A company's people book on its
 * credits"): a person who belongs to a company member of the same business and has no
 * membership of their own (none, or ended) is paid for by the company; anyone else pays
 * for themselves. Brings the memberships it reads up to `at`.
 */
export async function bookingPayer(
  tx: Kysely<DB>,
  tenantId: string,
  memberId: string,
  at: string,
  carried?: PayerDecision,
): Promise<{ memberId: string; onBehalfOf: string | null; paidAs: PayerDecision }> {
  if (carried) {
    const { personName } = await checkedDecision(tx, tenantId, memberId, carried);
    const companyPays = carried.companyId !== null && carried.billTo === carried.companyId;
    return { memberId: carried.billTo, onBehalfOf: companyPays ? personName : null, paidAs: carried };
  }
  const company = await payingCompany(tx, tenantId, memberId);
  if (!company || running(await rolledMembership(tx, tenantId, memberId, at))) {
    return {
      memberId,
      onBehalfOf: null,
      paidAs: { memberId, companyId: company?.id ?? null, billTo: memberId },
    };
  }
  return {
    memberId: company.id,
    onBehalfOf: company.person_name,
    paidAs: { memberId, companyId: company.id, billTo: company.id },
  };
}

const payerUnknown = (field: string, message: string) =>
  new DomainError('payer-unknown', 400, message, `paidAs.${field}`);

/**
 * A decision carried by a pushed op, checked against what must still hold on the hub: it is for
 * the booked member; the company is a company member of this business (tenant-scoped: another
 * business's member is as unknown as a made-up id), other than the person, and one the person
 * belongs or belonged to (`everLinked`); who is charged is one of the two. That the person still
 * belongs to it is not asked: the link may have changed since the register decided, which is why
 * the op carries the decision. Answers the booked person's name (for the charge's text).
 */
async function checkedDecision(
  tx: Kysely<DB>,
  tenantId: string,
  memberId: string,
  d: PayerDecision,
): Promise<{ personName: string }> {
  if (d.memberId !== memberId) {
    throw payerUnknown('memberId', 'The payer carried by this change is for another member');
  }
  const person = await tx
    .selectFrom('members')
    .select(['name', 'kind', 'company_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!person) {
    throw new DomainError('member-unknown', 400, 'There is no such member in this business', 'memberId');
  }
  if (d.companyId !== null && person.kind !== 'person') {
    throw payerUnknown('companyId', "Only a company's people book on a company's credits");
  }
  if (d.companyId !== null) {
    const company = await tx
      .selectFrom('members')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', d.companyId)
      .where('kind', '=', 'company')
      .executeTakeFirst();
    if (!company || d.companyId === memberId) {
      throw payerUnknown(
        'companyId',
        'The company carried as paying is not a company member of this business',
      );
    }
    if (person.company_id !== d.companyId && !(await everLinked(tx, tenantId, memberId, d.companyId))) {
      throw payerUnknown('companyId', 'The booked person never belonged to the company carried as paying');
    }
  }
  if (d.billTo !== memberId && d.billTo !== d.companyId) {
    throw payerUnknown(
      'billTo',
      'The member carried as charged is neither the booked member nor their company',
    );
  }
  return { personName: person.name };
}

/**
 * Whether a change to the business's members ever linked the person to the company: a member
 * created with it, or an edit setting it (the ops this database applied; refused ones do not
 * count). Asked only when the person is not linked to it now, the rare case of a link removed
 * while a register booked offline, so the scan of the business's member changes stays off the
 * common path.
 */
async function everLinked(tx: Kysely<DB>, tenantId: string, personId: string, companyId: string) {
  const ops = await tx
    .selectFrom('ops')
    .select(['command', 'input'])
    .where('tenant_id', '=', tenantId)
    .where('command', 'in', ['members.member.create', 'members.member.update'])
    .where('push_state', 'not in', ['rejected', 'quarantined', 'dead'])
    .where('input', 'like', `%${personId}%`)
    .where('input', 'like', `%${companyId}%`)
    .execute();
  return ops.some((op) => {
    const input = JSON.parse(op.input) as {
      id?: string;
      companyId?: string | null;
      memberId?: string;
      changes?: { companyId?: string | null };
    };
    return op.command === 'members.member.create'
      ? input.id === personId && input.companyId === companyId
      : input.memberId === personId && input.changes?.companyId === companyId;
  });
}

/**
 * Takes up to `wanted` minutes of the resource type from one member's balance, on their
 * ledger, with the booking (and `note`). A paused membership covers nothing.
 */
async function coverFrom(
  tx: Kysely<DB>,
  tenantId: string,
  req: BookingCreditRequest,
  account: { memberId: string; ms: MembershipRow | null; note: string | null },
  wanted: number,
): Promise<number> {
  if (wanted <= 0 || account.ms?.status === 'paused') return 0;
  const balance = await creditBalance(tx, tenantId, account.memberId, req.resourceType);
  const covered = Math.min(Math.max(0, balance), wanted);
  if (covered > 0) {
    const previous = await bookingCreditEntries(tx, tenantId, req.bookingId);
    await addEntry(tx, tenantId, {
      id: derivedId(`booking:${req.bookingId}:${previous.length}`),
      memberId: account.memberId,
      membershipId: account.ms?.id ?? null,
      resourceType: req.resourceType,
      minutes: -covered,
      kind: 'consumption',
      bookingId: req.bookingId,
      note: account.note,
      at: req.at,
    });
  }
  return covered;
}

const discountOf = async (tx: Kysely<DB>, tenantId: string, ms: MembershipRow | null) =>
  running(ms) ? Number((await planOrThrow(tx, tenantId, ms.plan_id)).extra_discount_bp) : 0;

/**
 * Covers as much of the booking as the member's balance of that resource type
 * allows, then, for a person who belongs to a company member, as much of the
 * rest as the company's balance allows (on the company's ledger, naming the
 * person). Each membership is first brought up to the period containing `at`
 * (so a new period's credits are there when the first booking of the month
 * needs them). The balance at booking time pays, whatever period the booking
 * falls in; a paused membership covers nothing. Says who is charged the rest
 * (`bookingPayer`) and that member's plan discount.
 */
export async function consumeBookingCredits(
  tx: Kysely<DB>,
  tenantId: string,
  req: BookingCreditRequest,
  carried?: PayerDecision,
): Promise<BookingCreditResult> {
  const personName = carried
    ? (await checkedDecision(tx, tenantId, req.memberId, carried)).personName
    : await memberExists(tx, tenantId, req.memberId);
  const minutes = Math.max(0, Math.floor(req.minutes));
  const prepaid = Math.min(minutes, Math.max(0, Math.floor(req.prepaidMinutes ?? 0)));
  const own = await rolledMembership(tx, tenantId, req.memberId, req.at);
  let covered = await coverFrom(
    tx,
    tenantId,
    req,
    { memberId: req.memberId, ms: own, note: null },
    minutes - prepaid,
  );
  // The company decided where the booking was made (carried by the op on the hub's replay), or now.
  const companyId = carried
    ? carried.companyId
    : ((await payingCompany(tx, tenantId, req.memberId))?.id ?? null);
  const companyMs = companyId ? await rolledMembership(tx, tenantId, companyId, req.at) : null;
  if (companyId) {
    covered += await coverFrom(
      tx,
      tenantId,
      req,
      // The note names the person; the screen says "Reserva de …" in the reader's language.
      { memberId: companyId, ms: companyMs, note: personName },
      minutes - prepaid - covered,
    );
  }
  const companyPays = carried
    ? companyId !== null && carried.billTo === companyId
    : !!companyId && !running(own);
  const billTo = companyPays && companyId ? companyId : req.memberId;
  return {
    minutesCovered: prepaid + covered,
    extraDiscountBp: await discountOf(tx, tenantId, companyPays ? companyMs : own),
    chargeTo: billTo,
    onBehalfOf: companyPays ? personName : null,
    paidAs: { memberId: req.memberId, companyId, billTo },
  };
}

/** Per booking, whose credits it uses and how many minutes of each (the booked member's own first). */
export async function creditsUsedBy(
  tx: Kysely<DB>,
  tenantId: string,
  bookings: readonly { id: string; memberId: string | null }[],
): Promise<Map<string, { memberId: string; minutes: number }[]>> {
  const booked = new Map(bookings.map((b) => [b.id, b.memberId]));
  const out = new Map<string, { memberId: string; minutes: number }[]>();
  const rows = await bookingCreditUse(
    tx,
    tenantId,
    bookings.filter((b) => b.memberId).map((b) => b.id),
  );
  for (const r of rows) {
    const list = out.get(r.bookingId) ?? [];
    list.push({ memberId: r.memberId, minutes: r.minutes });
    out.set(r.bookingId, list);
  }
  for (const [id, list] of out) {
    const own = booked.get(id);
    list.sort(
      (a, b) =>
        Number(b.memberId === own) - Number(a.memberId === own) || a.memberId.localeCompare(b.memberId),
    );
  }
  return out;
}

/** Per booking, the member its standing charges are on (the booked member, or their company), if any. */
export async function billedMembers(
  tx: Kysely<DB>,
  tenantId: string,
  bookingIds: readonly string[],
): Promise<Map<string, string>> {
  return bookingBilledMembers(tx, tenantId, bookingIds, BOOKING_CHARGE_SOURCES);
}

const instant = (v: string | Date): number => new Date(v).getTime();

type TypeEntry = Awaited<ReturnType<typeof typeCreditEntries>>[number];

/** A row a period roll wrote (a grant or an expiry of leftovers; not a booking's late return). */
const rollRow = (e: TypeEntry): boolean =>
  (e.kind === 'grant' || e.kind === 'expiry') && e.booking_id === null;

/**
 * A member's balance of a resource type just before the roll into the
 * period starting `boundary`, read from the ledger: the entries written
 * before that roll (its time is that of its grant or expiry rows), plus the
 * rows the same roll wrote for earlier boundaries. A roll that wrote nothing
 * (paused, nothing expired) is placed at the boundary's first local day.
 */
function leftoverAt(entries: TypeEntry[], membershipId: string, boundary: string, timeZone: string): number {
  const rollRows = entries.filter(
    (e) => rollRow(e) && e.membership_id === membershipId && e.period_start === boundary,
  );
  if (rollRows.length === 0) {
    return entries
      .filter((e) => localDay(new Date(e.created_at).toISOString(), timeZone) < boundary)
      .reduce((sum, e) => sum + Number(e.minutes), 0);
  }
  const at = Math.min(...rollRows.map((e) => instant(e.created_at)));
  return entries
    .filter((e) => {
      const t = instant(e.created_at);
      if (t < at) return true;
      return t === at && rollRow(e) && e.period_start !== null && e.period_start < boundary;
    })
    .reduce((sum, e) => sum + Number(e.minutes), 0);
}

/**
 * How many of `minutes` consumed on `consumedAt` may come back now that the
 * membership has rolled (`ms`, already brought to today): all of them within
 * the same period; after a roll, what that period's rule would have left of
 * them had they been in the balance at each roll since (nothing under
 * 'expire' or once the membership ended; under a capped rollover, only what
 * fits under the cap above that roll's leftover). Also names the first
 * boundary passed (the expiry entry's period).
 */
async function returnableMinutes(
  tx: Kysely<DB>,
  tenantId: string,
  ms: MembershipRow,
  chunk: { resourceType: string; minutes: number; consumedAt: string },
  timeZone: string,
): Promise<{ kept: number; boundary: string | null }> {
  if (ms.period_no === null) return { kept: chunk.minutes, boundary: null };
  const plan = await planOrThrow(tx, tenantId, ms.plan_id);
  const from = Math.max(0, periodNumberOn(ms.starts_on, plan.period, localDay(chunk.consumedAt, timeZone)));
  const current = Number(ms.period_no);
  const ended = ms.status === 'ended';
  if (from >= current && !ended) return { kept: chunk.minutes, boundary: null };
  const first = period(ms.starts_on, plan.period, from + 1).start;
  if (ended || plan.credit_policy !== 'rollover') return { kept: 0, boundary: first };
  if (plan.rollover_cap_minutes === null) return { kept: chunk.minutes, boundary: first };
  const cap = Number(plan.rollover_cap_minutes);
  const entries = await typeCreditEntries(tx, tenantId, ms.member_id, chunk.resourceType);
  let kept = chunk.minutes;
  for (let n = from + 1; n <= current && kept > 0; n++) {
    const left = leftoverAt(entries, ms.id, period(ms.starts_on, plan.period, n).start, timeZone);
    kept = Math.max(0, Math.min(left + kept, cap) - Math.min(left, cap));
  }
  return { kept, boundary: first };
}

/**
 * Returns the credits a booking consumed (timely cancellation, or before it
 * is re-priced). No-op when it consumed none. The membership is first
 * brought to today's period; credits consumed in a period that has since
 * ended come back under that period's rule: what the rule would have
 * expired at the roll is returned and expired again at once (a `release`
 * and a matching `expiry` entry with the booking), so a cancellation never
 * brings back minutes that already expired.
 */
export async function releaseBookingCredits(
  tx: Kysely<DB>,
  tenantId: string,
  bookingId: string,
  at: string,
): Promise<void> {
  const entries = await bookingCreditEntries(tx, tenantId, bookingId);
  const owed = new Map<
    string,
    {
      memberId: string;
      resourceType: string;
      minutes: number;
      consumptions: { membershipId: string | null; minutes: number; at: number }[];
    }
  >();
  for (const e of entries) {
    if (e.kind !== 'consumption' && e.kind !== 'release') continue;
    const key = `${e.member_id}:${e.resource_type}`;
    const o = owed.get(key) ?? {
      memberId: e.member_id,
      resourceType: e.resource_type,
      minutes: 0,
      consumptions: [],
    };
    o.minutes -= Number(e.minutes);
    if (e.kind === 'consumption') {
      o.consumptions.push({
        membershipId: e.membership_id,
        minutes: -Number(e.minutes),
        at: instant(e.created_at),
      });
    }
    owed.set(key, o);
  }
  let seq = entries.length;
  let timeZone: string | null = null;
  const rolled = new Map<string, MembershipRow | null>();
  for (const o of owed.values()) {
    if (o.minutes <= 0) continue;
    // What is still owed came from the latest consumptions.
    let toAttribute = o.minutes;
    let kept = 0;
    let boundary: string | null = null;
    for (const c of [...o.consumptions].sort((a, b) => b.at - a.at)) {
      if (toAttribute <= 0) break;
      const minutes = Math.min(toAttribute, c.minutes);
      toAttribute -= minutes;
      let ms: MembershipRow | null = null;
      if (c.membershipId) {
        timeZone ??= await tenantTimeZone(tx, tenantId);
        if (!rolled.has(c.membershipId)) {
          const stored = await findMembership(tx, tenantId, c.membershipId);
          rolled.set(
            c.membershipId,
            stored ? await rollMembership(tx, tenantId, stored, localDay(at, timeZone), at) : null,
          );
        }
        ms = rolled.get(c.membershipId) ?? null;
      }
      if (!ms || !timeZone) {
        kept += minutes;
        continue;
      }
      const r = await returnableMinutes(
        tx,
        tenantId,
        ms,
        { resourceType: o.resourceType, minutes, consumedAt: new Date(c.at).toISOString() },
        timeZone,
      );
      kept += r.kept;
      if (r.kept < minutes) boundary ??= r.boundary;
    }
    kept += Math.max(0, toAttribute);
    const membershipId = o.consumptions.at(-1)?.membershipId ?? null;
    await addEntry(tx, tenantId, {
      id: derivedId(`booking:${bookingId}:${seq++}`),
      memberId: o.memberId,
      membershipId,
      resourceType: o.resourceType,
      minutes: o.minutes,
      kind: 'release',
      bookingId,
      at,
    });
    if (kept < o.minutes) {
      await addEntry(tx, tenantId, {
        id: derivedId(`booking:${bookingId}:${seq++}`),
        memberId: o.memberId,
        membershipId,
        resourceType: o.resourceType,
        minutes: kept - o.minutes,
        kind: 'expiry',
        bookingId,
        periodStart: boundary,
        note: 'Returned after its period ended',
        at,
      });
    }
  }
}

/**
 * Releases a booking's credits before it is re-priced (moved, extended, its seats changed) and
 * says how many minutes of `resourceType` it has already paid for good: what its consumptions
 * in periods that have since rolled would not bring back, written off as `expiry` entries with
 * the booking — by this release or an earlier re-price. The re-price consumes only the rest
 * (`prepaidMinutes`), so a booking paid with last period's credits is not paid again with this
 * period's. Those minutes stay written off: a later cancellation does not return them.
 */
export async function releaseForReprice(
  tx: Kysely<DB>,
  tenantId: string,
  bookingId: string,
  at: string,
  paying: { resourceType: string },
): Promise<number> {
  await releaseBookingCredits(tx, tenantId, bookingId, at);
  // Whoever's ledger they were on: the booked member's own or their company's.
  let writtenOff = 0;
  for (const e of await bookingCreditEntries(tx, tenantId, bookingId)) {
    if (e.kind !== 'expiry') continue;
    if (e.resource_type === paying.resourceType) writtenOff -= Number(e.minutes);
  }
  return Math.max(0, writtenOff);
}

export interface MemberChargeInput {
  /** Derived from the command (e.g. booking id + ':extra' / ':late-fee') so a replay creates the same row. */
  id: string;
  memberId: string;
  description: string;
  /** Minor units, tax-inclusive or exclusive as the tenant's prices are. */
  amount: number;
  taxRateBp: number;
  /** 'booking' | 'late_cancellation' | … */
  source: string;
  sourceId: string;
  at: string;
}

/**
 * A charge the member owes, billed on the next membership invoice or by
 * "charge now". Recording the same id again is a no-op (the row exists).
 */
export async function recordMemberCharge(
  tx: Kysely<DB>,
  tenantId: string,
  charge: MemberChargeInput,
): Promise<void> {
  await memberExists(tx, tenantId, charge.memberId);
  if (!Number.isSafeInteger(charge.amount) || charge.amount < 0) {
    throw new DomainError('amount-invalid', 400, 'A charge is a whole, non-negative amount', 'amount');
  }
  if (!Number.isInteger(charge.taxRateBp) || charge.taxRateBp < 0 || charge.taxRateBp > 10_000) {
    throw new DomainError('tax-rate-invalid', 400, 'Tax rates are 0–10000 basis points', 'taxRateBp');
  }
  if (await findCharge(tx, tenantId, charge.id)) return;
  if (charge.amount === 0) return;
  await insertCharge(tx, {
    id: charge.id,
    tenant_id: tenantId,
    member_id: charge.memberId,
    description: charge.description,
    amount: charge.amount,
    tax_rate_bp: charge.taxRateBp,
    source: charge.source,
    source_id: charge.sourceId,
    status: 'open',
    invoice_id: null,
    created_at: charge.at,
    updated_at: charge.at,
  });
}

/** Sources of the charges a booking writes; their `source_id` is the booking's id. */
const BOOKING_CHARGE_SOURCES = ['booking', 'late_cancellation', 'booking_credit'];

export interface BookingSettlement {
  bookingId: string;
  /** Who is charged for the booking now: the booked member, or their company (`bookingPayer`). */
  memberId: string;
  /** What the member owes for the booking now, all told (0 when cancelled in time). */
  due: number;
  taxRateBp: number;
  /** The charge written when more is owed than already invoiced (id derived from the command). */
  charge: { id: string; description: string; source: string };
  /** The credit written when less is owed than already invoiced (id derived from the command). */
  credit: { id: string; description: string };
  at: string;
}

/**
 * Brings what a member is charged for a booking to `due`. The booking's open
 * charges are cancelled, whoever they were on; what was already invoiced stays
 * invoiced (every charge is invoiced once) and is set against `due`: the member
 * is charged the difference, or, when the booking now costs less than was
 * invoiced, credited it with a negative charge (`booking_credit`) that reduces
 * the member's next invoice. Another member invoiced for the booking (who pays
 * changed since: a person joined or left a company, or took a membership of
 * their own) is credited what they were invoiced. Returns the id of the row
 * written for `memberId`, or null.
 */
export async function settleBookingCharges(
  tx: Kysely<DB>,
  tenantId: string,
  s: BookingSettlement,
): Promise<string | null> {
  await memberExists(tx, tenantId, s.memberId);
  if (!Number.isSafeInteger(s.due) || s.due < 0) {
    throw new DomainError('amount-invalid', 400, 'A charge is a whole, non-negative amount', 'amount');
  }
  const rows = await bookingCharges(tx, tenantId, s.bookingId, BOOKING_CHARGE_SOURCES);
  const invoiced = new Map<string, number>();
  for (const row of rows) {
    if (row.status === 'open') await setChargeStatus(tx, tenantId, row.id, 'cancelled', s.at);
    if (row.status === 'invoiced') {
      invoiced.set(row.member_id, (invoiced.get(row.member_id) ?? 0) + Number(row.amount));
    }
  }
  const write = async (memberId: string, id: string, description: string, source: string, amount: number) => {
    if (await findCharge(tx, tenantId, id)) return;
    await insertCharge(tx, {
      id,
      tenant_id: tenantId,
      member_id: memberId,
      description,
      amount,
      tax_rate_bp: s.taxRateBp,
      source,
      source_id: s.bookingId,
      status: 'open',
      invoice_id: null,
      created_at: s.at,
      updated_at: s.at,
    });
  };
  for (const [memberId, amount] of invoiced) {
    if (memberId === s.memberId || amount <= 0) continue;
    await write(
      memberId,
      derivedId(`${s.credit.id}:${memberId}`),
      s.credit.description,
      'booking_credit',
      -amount,
    );
  }
  const difference = s.due - (invoiced.get(s.memberId) ?? 0);
  if (difference === 0) return null;
  const written = difference > 0 ? s.charge : { ...s.credit, source: 'booking_credit' };
  await write(s.memberId, written.id, written.description, written.source, difference);
  return written.id;
}

/**
 * Cancels a not-yet-invoiced charge. An invoiced charge stays: bookings set
 * it against what they now owe (`settleBookingCharges`); undoing any other
 * invoiced charge is a credit note on the invoice, a manager's decision.
 */
export async function cancelMemberCharge(
  tx: Kysely<DB>,
  tenantId: string,
  chargeId: string,
  at: string,
): Promise<void> {
  const charge = await findCharge(tx, tenantId, chargeId);
  if (charge?.status === 'open') await setChargeStatus(tx, tenantId, chargeId, 'cancelled', at);
}

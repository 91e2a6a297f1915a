/**
 * The only members file that touches kysely. Every function takes the tenant
 * first and filters on it (id-taken checks look across tenants on purpose:
 * ids are global primary keys).
 */
import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import { containsFolded } from '../../db/folded-text.js';
import type { DB } from '../../db/schema.js';
import type {
  MemberChargesTable,
  MemberCreditEntriesTable,
  MemberMembershipsTable,
  MembershipPlansTable,
  MembersTable,
} from '../../db/schema-members.js';

type Db = Kysely<DB> | Transaction<DB>;

// ——— members ———

const MEMBER_COLUMNS = [
  'members.id',
  'members.kind',
  'members.company_id',
  'members.name',
  'members.email',
  'members.phone',
  'members.tax_id',
  'members.address',
  'members.notes',
  'members.status',
  'members.customer_id',
  'members.created_at',
  'members.updated_at',
] as const;

function membersWithCompany(db: Db, tenantId: string) {
  return db
    .selectFrom('members')
    .leftJoin('members as company', (j) =>
      j.onRef('company.id', '=', 'members.company_id').on('company.tenant_id', '=', tenantId),
    )
    .select(MEMBER_COLUMNS)
    .select('company.name as company_name')
    .where('members.tenant_id', '=', tenantId);
}

export async function findMember(db: Db, tenantId: string, memberId: string) {
  return membersWithCompany(db, tenantId).where('members.id', '=', memberId).executeTakeFirst();
}
export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMember>>>;

export interface MemberFilter {
  q?: string;
  status?: MembersTable['status'];
  kind?: MembersTable['kind'];
  limit: number;
  /** The name and id of the last member a previous page showed: the page starts below it. */
  after?: { key: string; id: string };
}

/** The tenant's members `f` selects: status, kind, `q` in name, email, phone or tax id (case and accents ignored). */
function memberMatches(db: Db, tenantId: string, f: Omit<MemberFilter, 'limit' | 'after'>) {
  return (eb: ExpressionBuilder<DB, 'members'>) => {
    const all: Expression<SqlBool>[] = [eb('members.tenant_id', '=', tenantId)];
    if (f.status) all.push(eb('members.status', '=', f.status));
    if (f.kind) all.push(eb('members.kind', '=', f.kind));
    const needle = f.q;
    if (needle) {
      all.push(
        eb.or(
          (['members.name', 'members.email', 'members.phone', 'members.tax_id'] as const).map((column) =>
            containsFolded(db, eb.ref(column), needle),
          ),
        ),
      );
    }
    return eb.and(all);
  };
}

/**
 * Members by name then id (a stable order), with the plan of their live membership, at most
 * `limit`; `after` starts below the last one a previous page showed.
 */
export async function listMembers(db: Db, tenantId: string, f: MemberFilter) {
  let query = membersWithCompany(db, tenantId)
    .leftJoin('member_memberships as ms', (j) =>
      j
        .onRef('ms.member_id', '=', 'members.id')
        .on('ms.tenant_id', '=', tenantId)
        .on('ms.status', '<>', 'ended'),
    )
    .leftJoin('membership_plans as plan', (j) =>
      j.onRef('plan.id', '=', 'ms.plan_id').on('plan.tenant_id', '=', tenantId),
    )
    .select('plan.name as plan_name');
  query = query.where(memberMatches(db, tenantId, f));
  const after = f.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('members.name', '>', after.key),
        eb.and([eb('members.name', '=', after.key), eb('members.id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('members.name').orderBy('members.id').limit(f.limit).execute();
}

/** How many members of the tenant `f` selects (every page). */
export async function countMembers(
  db: Db,
  tenantId: string,
  f: Omit<MemberFilter, 'limit' | 'after'>,
): Promise<number> {
  const row = await db
    .selectFrom('members')
    .where(memberMatches(db, tenantId, f))
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function companyPeople(db: Db, tenantId: string, companyId: string) {
  return db
    .selectFrom('members')
    .select(['id', 'name', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('company_id', '=', companyId)
    .orderBy('name')
    .execute();
}

export async function rowIdTaken(
  db: Db,
  table: 'members' | 'membership_plans' | 'member_memberships' | 'member_credit_entries' | 'member_charges',
  id: string,
): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function insertMember(db: Db, row: Insertable<MembersTable>): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

export async function updateMember(
  db: Db,
  tenantId: string,
  memberId: string,
  changes: Omit<Updateable<MembersTable>, 'id' | 'tenant_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('members')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', memberId)
    .execute();
}

// ——— plans ———

const PLAN_COLUMNS = [
  'id',
  'name',
  'period',
  'price',
  'tax_rate_bp',
  'fixed_desk',
  'extra_discount_bp',
  'credit_policy',
  'rollover_cap_minutes',
  'active',
  'created_at',
  'updated_at',
] as const;

export async function findPlan(db: Db, tenantId: string, planId: string) {
  return db
    .selectFrom('membership_plans')
    .select(PLAN_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', planId)
    .executeTakeFirst();
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export async function listPlans(db: Db, tenantId: string) {
  return db
    .selectFrom('membership_plans')
    .select(PLAN_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy('active', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function planCredits(db: Db, tenantId: string, planIds: string[]) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('membership_plan_credits')
    .select(['plan_id', 'resource_type', 'minutes'])
    .where('tenant_id', '=', tenantId)
    .where('plan_id', 'in', planIds)
    .orderBy('resource_type')
    .execute();
}

export async function insertPlan(db: Db, row: Insertable<MembershipPlansTable>): Promise<void> {
  await db.insertInto('membership_plans').values(row).execute();
}

export async function updatePlan(
  db: Db,
  tenantId: string,
  planId: string,
  changes: Omit<Updateable<MembershipPlansTable>, 'id' | 'tenant_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('membership_plans')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', planId)
    .execute();
}

export async function replacePlanCredits(
  db: Db,
  tenantId: string,
  planId: string,
  credits: { resourceType: string; minutes: number }[],
): Promise<void> {
  await db
    .deleteFrom('membership_plan_credits')
    .where('tenant_id', '=', tenantId)
    .where('plan_id', '=', planId)
    .execute();
  const rows = credits
    .filter((c) => c.minutes > 0)
    .map((c) => ({
      tenant_id: tenantId,
      plan_id: planId,
      resource_type: c.resourceType,
      minutes: c.minutes,
    }));
  if (rows.length > 0) await db.insertInto('membership_plan_credits').values(rows).execute();
}

// ——— memberships ———

const MEMBERSHIP_COLUMNS = [
  'id',
  'member_id',
  'plan_id',
  'next_plan_id',
  'status',
  'starts_on',
  'period_no',
  'ends_on',
  'desk_label',
  'created_at',
  'updated_at',
] as const;

export async function findMembership(db: Db, tenantId: string, membershipId: string) {
  return db
    .selectFrom('member_memberships')
    .select(MEMBERSHIP_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', membershipId)
    .executeTakeFirst();
}
export type MembershipRow = NonNullable<Awaited<ReturnType<typeof findMembership>>>;

/** The member's membership that has not ended (at most one). */
export async function liveMembershipOf(db: Db, tenantId: string, memberId: string) {
  return db
    .selectFrom('member_memberships')
    .select(MEMBERSHIP_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('status', '<>', 'ended')
    .executeTakeFirst();
}

/**
 * The memberships not marked ended that hold a fixed desk, other than `exceptId`, with their
 * member's name: labels match whatever their letter case, so "d-12" and "D-12" are one desk.
 * As stored: one may have run out or moved to a plan without a desk since its last roll, so
 * the caller rolls each before saying the desk is taken. Usually one; two counters that gave
 * the same desk offline leave two.
 */
export async function deskHolders(db: Db, tenantId: string, deskLabel: string, exceptId: string | null) {
  let query = db
    .selectFrom('member_memberships as ms')
    .innerJoin('members as m', (j) => j.onRef('m.id', '=', 'ms.member_id').on('m.tenant_id', '=', tenantId))
    .select(MEMBERSHIP_COLUMNS.map((c) => `ms.${c}` as const))
    .select('m.name as member_name')
    .where('ms.tenant_id', '=', tenantId)
    .where('ms.status', '<>', 'ended')
    .where(sql<boolean>`lower(ms.desk_label) = ${deskLabel.toLowerCase()}`)
    .orderBy('ms.id');
  if (exceptId) query = query.where('ms.id', '<>', exceptId);
  return query.execute();
}

export async function insertMembership(db: Db, row: Insertable<MemberMembershipsTable>): Promise<void> {
  await db.insertInto('member_memberships').values(row).execute();
}

export async function updateMembership(
  db: Db,
  tenantId: string,
  membershipId: string,
  changes: Omit<Updateable<MemberMembershipsTable>, 'id' | 'tenant_id' | 'member_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('member_memberships')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', membershipId)
    .execute();
}

// ——— credit ledger ———

export async function insertCreditEntry(db: Db, row: Insertable<MemberCreditEntriesTable>): Promise<void> {
  await db.insertInto('member_credit_entries').values(row).execute();
}

/** Balance per resource type: the sum of the member's ledger entries. */
export async function creditBalances(db: Db, tenantId: string, memberId: string) {
  const rows = await db
    .selectFrom('member_credit_entries')
    .select(['resource_type', sql<number>`sum(minutes)`.as('minutes')])
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .groupBy('resource_type')
    .orderBy('resource_type')
    .execute();
  return rows.map((r) => ({ resourceType: r.resource_type, minutes: Number(r.minutes) }));
}

export async function creditBalance(
  db: Db,
  tenantId: string,
  memberId: string,
  resourceType: string,
): Promise<number> {
  const row = await db
    .selectFrom('member_credit_entries')
    .select(sql<number>`coalesce(sum(minutes), 0)`.as('minutes'))
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('resource_type', '=', resourceType)
    .executeTakeFirst();
  return Number(row?.minutes ?? 0);
}

export async function creditEntries(db: Db, tenantId: string, memberId: string, limit: number) {
  return db
    .selectFrom('member_credit_entries')
    .select(['id', 'resource_type', 'minutes', 'kind', 'booking_id', 'period_start', 'note', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Every entry of a member's resource type (to read the balance at a past period roll). */
export async function typeCreditEntries(db: Db, tenantId: string, memberId: string, resourceType: string) {
  return db
    .selectFrom('member_credit_entries')
    .select(['membership_id', 'minutes', 'kind', 'period_start', 'booking_id', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('resource_type', '=', resourceType)
    .execute();
}

/** The entries of one booking (consumption, release, expiry of what came back late), oldest first. */
/**
 * Minutes of credits each booking still uses, per member whose ledger they are on (the booked
 * member's own, or their company's): consumption less what came back, written-off returns
 * included. Only members with minutes in use.
 */
export async function bookingCreditUse(db: Db, tenantId: string, bookingIds: readonly string[]) {
  const unique = [...new Set(bookingIds)];
  if (unique.length === 0) return [];
  const rows = await db
    .selectFrom('member_credit_entries')
    .select(['booking_id', 'member_id', sql<number>`sum(minutes)`.as('minutes')])
    .where('tenant_id', '=', tenantId)
    .where('booking_id', 'in', unique)
    .groupBy(['booking_id', 'member_id'])
    .execute();
  return rows
    .map((r) => ({ bookingId: r.booking_id as string, memberId: r.member_id, minutes: -Number(r.minutes) }))
    .filter((r) => r.minutes > 0);
}

/** A person member's company, of the same business (the link is ignored otherwise). */
export async function memberCompany(db: Db, tenantId: string, memberId: string) {
  return db
    .selectFrom('members as person')
    .innerJoin('members as company', (j) =>
      j
        .onRef('company.id', '=', 'person.company_id')
        .on('company.tenant_id', '=', tenantId)
        .on('company.kind', '=', 'company'),
    )
    .select(['person.name as person_name', 'company.id', 'company.name', 'company.status'])
    .where('person.tenant_id', '=', tenantId)
    .where('person.id', '=', memberId)
    .where('person.kind', '=', 'person')
    .executeTakeFirst();
}

export async function bookingCreditEntries(db: Db, tenantId: string, bookingId: string) {
  return db
    .selectFrom('member_credit_entries')
    .select(['id', 'member_id', 'membership_id', 'resource_type', 'minutes', 'kind', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('booking_id', '=', bookingId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// ——— charges ———

const CHARGE_COLUMNS = [
  'id',
  'member_id',
  'description',
  'amount',
  'tax_rate_bp',
  'source',
  'source_id',
  'status',
  'invoice_id',
  'created_at',
] as const;

export async function findCharge(db: Db, tenantId: string, chargeId: string) {
  return db
    .selectFrom('member_charges')
    .select(CHARGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', chargeId)
    .executeTakeFirst();
}

/**
 * The charges of one booking (`source_id` = the booking), oldest first, whoever they were
 * charged to (the booked member, or their company: see `bookingAccounts`).
 */
export async function bookingCharges(
  db: Db,
  tenantId: string,
  bookingId: string,
  sources: readonly string[],
) {
  return db
    .selectFrom('member_charges')
    .select(CHARGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', bookingId)
    .where('source', 'in', [...sources])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Per booking, the member its latest charge still standing (open or invoiced) is on. */
export async function bookingBilledMembers(
  db: Db,
  tenantId: string,
  bookingIds: readonly string[],
  sources: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(bookingIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('member_charges')
    .select(['source_id', 'member_id'])
    .where('tenant_id', '=', tenantId)
    .where('source_id', 'in', unique)
    .where('source', 'in', [...sources])
    .where('status', '<>', 'cancelled')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.source_id, r.member_id]));
}

/** A membership's fee and proration charges that are not cancelled, oldest first. */
export async function membershipFeeCharges(db: Db, tenantId: string, membershipId: string) {
  return db
    .selectFrom('member_charges')
    .select(CHARGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('source_id', '=', membershipId)
    .where('source', 'in', ['membership', 'proration'])
    .where('status', '<>', 'cancelled')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertCharge(db: Db, row: Insertable<MemberChargesTable>): Promise<void> {
  await db.insertInto('member_charges').values(row).execute();
}

export async function openCharges(db: Db, tenantId: string, memberId: string) {
  return db
    .selectFrom('member_charges')
    .select(CHARGE_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
export type ChargeRow = Awaited<ReturnType<typeof openCharges>>[number];

/** Marks open charges as billed by `invoiceId`; returns how many were still open. */
export async function markChargesInvoiced(
  db: Db,
  tenantId: string,
  chargeIds: string[],
  invoiceId: string,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable('member_charges')
    .set({ status: 'invoiced', invoice_id: invoiceId, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', chargeIds)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Gives back the charges a voided invoice billed: open again, with no invoice, so the member's
 * next invoice bills them (a credit split at invoicing comes back as its used part, beside the
 * rest that stayed open). Returns how many.
 */
export async function reopenInvoicedCharges(
  db: Db,
  tenantId: string,
  invoiceId: string,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable('member_charges')
    .set({ status: 'open', invoice_id: null, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'invoiced')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Changes an open charge's amount (the used part of a credit split at invoicing). */
export async function updateChargeAmount(
  db: Db,
  tenantId: string,
  chargeId: string,
  amount: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('member_charges')
    .set({ amount, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', chargeId)
    .where('status', '=', 'open')
    .execute();
}

export async function setChargeStatus(
  db: Db,
  tenantId: string,
  chargeId: string,
  status: MemberChargesTable['status'],
  at: string,
): Promise<void> {
  await db
    .updateTable('member_charges')
    .set({ status, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', chargeId)
    .execute();
}

// ——— invoices of a member ———

export async function memberInvoices(db: Db, tenantId: string, customerId: string) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'status', 'issue_date', 'total', 'currency'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'invoice')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export async function tenantTimeZone(db: Db, tenantId: string): Promise<string> {
  return (await tenantRegion(db, tenantId)).time_zone;
}

/** The business's time zone (what "today" means) and locale (how dates read on its documents). */
export async function tenantRegion(db: Db, tenantId: string) {
  return db
    .selectFrom('tenants')
    .select(['time_zone', 'locale'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

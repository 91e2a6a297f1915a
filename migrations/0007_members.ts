import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Coworking members, membership plans, memberships, the credit ledger and
 * member charges. Credits are minutes per resource type and live only as
 * ledger entries: a balance is always the sum of the entries, never a column.
 * A member charge is invoiced at most once (`invoice_id` set when billed).
 * Money is integer minor units, tax rates and discounts basis points, period
 * dates `YYYY-MM-DD` in the business's time zone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** A person's company (a member of kind 'company' of the same business). */
    .addColumn('company_id', 'text', (c) => c.references('members.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('tax_id', 'text')
    .addColumn('address', 'text')
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    /** The customer record invoices are issued to; created on the first invoice. */
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('members_tenant_idx').on('members').columns(['tenant_id', 'name']).execute();
  await db.schema
    .createIndex('members_company_idx')
    .on('members')
    .columns(['tenant_id', 'company_id'])
    .execute();

  await db.schema
    .createTable('membership_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('fixed_desk', 'integer', (c) => c.notNull())
    .addColumn('extra_discount_bp', 'integer', (c) => c.notNull())
    .addColumn('credit_policy', 'text', (c) => c.notNull())
    /** Rollover only: the most minutes per resource type carried into the next period (null: no cap). */
    .addColumn('rollover_cap_minutes', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('membership_plans_tenant_idx')
    .on('membership_plans')
    .columns(['tenant_id', 'name'])
    .execute();

  await db.schema
    .createTable('membership_plan_credits')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('membership_plans.id'))
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_plan_credits_pk', ['plan_id', 'resource_type'])
    .execute();

  await db.schema
    .createTable('member_memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('membership_plans.id'))
    /** A downgrade waits for the next period; null when none is scheduled. */
    .addColumn('next_plan_id', 'text', (c) => c.references('membership_plans.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    /** The last period granted and charged (0 = the one starting on starts_on); null before the start. */
    .addColumn('period_no', 'integer')
    /** Set by "cancel at period end": the day the membership stops (exclusive). */
    .addColumn('ends_on', 'text')
    .addColumn('desk_label', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('member_memberships_member_idx')
    .on('member_memberships')
    .columns(['tenant_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('member_credit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('membership_id', 'text', (c) => c.references('member_memberships.id'))
    .addColumn('resource_type', 'text', (c) => c.notNull())
    /** Signed: grants, returns and positive adjustments add; consumption and expiry subtract. */
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'text')
    .addColumn('period_start', 'text')
    .addColumn('note', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('member_credit_entries_member_idx')
    .on('member_credit_entries')
    .columns(['tenant_id', 'member_id', 'resource_type'])
    .execute();
  await db.schema
    .createIndex('member_credit_entries_booking_idx')
    .on('member_credit_entries')
    .columns(['tenant_id', 'booking_id'])
    .execute();

  await db.schema
    .createTable('member_charges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('member_charges_member_idx')
    .on('member_charges')
    .columns(['tenant_id', 'member_id', 'status'])
    .execute();
}

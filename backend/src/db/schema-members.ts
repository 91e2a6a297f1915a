/** Row types of the members tables (see migrations/0007_members.ts); part of the one DB type in schema.ts. */

export interface MembersTable {
  id: string;
  tenant_id: string;
  kind: 'person' | 'company';
  company_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  tax_id: string | null;
  address: string | null;
  notes: string | null;
  status: 'active' | 'paused' | 'left';
  customer_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipPlansTable {
  id: string;
  tenant_id: string;
  name: string;
  period: 'month' | 'year';
  /** Minor units, in the business's price mode (tax included when its prices are). */
  price: number;
  tax_rate_bp: number;
  fixed_desk: number;
  /** Discount on bookings beyond the included credits, basis points. */
  extra_discount_bp: number;
  credit_policy: 'expire' | 'rollover';
  rollover_cap_minutes: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface MembershipPlanCreditsTable {
  tenant_id: string;
  plan_id: string;
  resource_type: string;
  minutes: number;
}

export interface MemberMembershipsTable {
  id: string;
  tenant_id: string;
  member_id: string;
  plan_id: string;
  next_plan_id: string | null;
  status: 'active' | 'paused' | 'ended';
  starts_on: string;
  period_no: number | null;
  ends_on: string | null;
  desk_label: string | null;
  created_at: string;
  updated_at: string;
}

export type CreditEntryKind = 'grant' | 'consumption' | 'release' | 'expiry' | 'adjustment' | 'plan_change';

export interface MemberCreditEntriesTable {
  id: string;
  tenant_id: string;
  member_id: string;
  membership_id: string | null;
  resource_type: string;
  minutes: number;
  kind: CreditEntryKind;
  booking_id: string | null;
  period_start: string | null;
  note: string | null;
  actor_id: string | null;
  created_at: string;
}

export interface MemberChargesTable {
  id: string;
  tenant_id: string;
  member_id: string;
  description: string;
  amount: number;
  tax_rate_bp: number;
  source: string;
  source_id: string;
  status: 'open' | 'invoiced' | 'cancelled';
  invoice_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembersTables {
  members: MembersTable;
  membership_plans: MembershipPlansTable;
  membership_plan_credits: MembershipPlanCreditsTable;
  member_memberships: MemberMembershipsTable;
  member_credit_entries: MemberCreditEntriesTable;
  member_charges: MemberChargesTable;
}

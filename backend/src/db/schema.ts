/**
 * The one DB type for SQLite and Postgres. Timestamps are ISO-8601 UTC text
 * on both (Postgres timestamptz is parsed back to ISO text by the pool), JSON
 * columns are canonical JSON text, money is integer minor units.
 */
import type { Generated } from 'kysely';
import type { Role } from '../contract/index.js';
import type { BookingsTables } from './schema-bookings.js';
import type { MembersTables } from './schema-members.js';
import type { SyncTables } from './schema-sync.js';

export interface TenantsTable {
  id: string;
  name: string;
  currency: string;
  locale: string;
  time_zone: string;
  status: 'trial' | 'active' | 'past_due' | 'suspended' | 'cancelled';
  status_reason: string | null;
  plan: Generated<'free' | 'starter' | 'pro' | 'enterprise'>;
  legal_name: string | null;
  tax_id: string | null;
  address: string | null;
  logo: string | null;
  /** How receiving updates product cost: 'last' cost paid or moving 'average'. */
  cost_method: Generated<'last' | 'average'>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  status: 'active' | 'deactivated';
  /** Platform super-admin (0/1); tenant roles live in memberships. */
  is_superadmin: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: Exclude<Role, 'SUPERADMIN'>;
  /** 'deactivated' by the owner (sessions end at once); 'removed' from the business. */
  status: Generated<'active' | 'deactivated' | 'removed'>;
  created_at: string;
}

/** A member's staff PIN on this install (migration 0024): never synced. */
export interface MemberPinsTable {
  tenant_id: string;
  user_id: string;
  /** HMAC of the PIN with the install's secret: unique per tenant, unusable without the secret. */
  pin_hmac: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** null for a super-admin on the platform console. */
  tenant_id: string | null;
  /** The PIN user currently acting at this shared counter, if any. */
  acting_user_id: string | null;
  /** 1 when a super-admin opened the tenant in read-only support mode. */
  support_mode: Generated<number>;
  /** 1 while the console is the members' check-in kiosk: only a staff PIN or password ends it. */
  kiosk_mode: Generated<number>;
  /** Wrong kiosk unlocks since the last right one; from 5 on, only the account's password ends it. */
  kiosk_unlock_failures: Generated<number>;
  device_id: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface InvitationsTable {
  id: string;
  tenant_id: string;
  email: string;
  role: Exclude<Role, 'SUPERADMIN'>;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface DevicesTable {
  id: string;
  /** 'self' marks this install's own identity row. */
  kind: 'self' | 'remote';
  created_at: string;
}

export interface OpsTable {
  op_id: string;
  tenant_id: string;
  device_id: string;
  /** Gap-free per device over synced ops; null for local-only commands. */
  device_seq: number | null;
  command: string;
  input: string;
  schema_version: number;
  actor_id: string | null;
  created_at: string;
  result: string;
  /** 'local' never leaves the device; 'pending' is in the outbox; 'pushed' was acknowledged by the hub. */
  /**
   * On a console: 'local' (never syncs), 'pending' (in the outbox), 'pushed'.
   * On the hub: how a pushed op ended — 'applied', 'rejected' (a domain refusal,
   * kept as its result) or 'quarantined' (could not be applied by this version).
   */
  push_state: 'local' | 'pending' | 'pushed' | 'dead' | 'applied' | 'rejected' | 'quarantined';
  /** Console: failed push attempts of this op (transport or hub errors), for backoff and the dead letters. */
  push_attempts: Generated<number>;
  /** Console: why the last push of this op failed, or the hub's verdict (rejected/quarantined) in plain words. */
  push_error: Generated<string | null>;
  /** Console: when someone marked this refused op reviewed (it then leaves the conflicts inbox), and who. */
  reviewed_at: Generated<string | null>;
  reviewed_by: Generated<string | null>;
  /** The document numbers the op took, by series, as JSON (`{"R":[12]}`); null if none (core/numbering.ts). */
  numbers: string | null;
  /** Console: when the hub acknowledged the op. */
  pushed_at: Generated<string | null>;
}

export interface AuditEntriesTable {
  id: string;
  tenant_id: string;
  device_id: string;
  /** Position in the (tenant, device) chain, from 1, gap-free. */
  seq: number;
  op_id: string;
  actor_id: string | null;
  command: string;
  entity_type: string;
  entity_id: string;
  summary: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

/** The newest entry this install appended to a (tenant, device) chain (migration 0027; never synced). */
export interface AuditChainHeadsTable {
  tenant_id: string;
  device_id: string;
  seq: number;
  hash: string;
  updated_at: string;
}

export type Unit = 'unit' | 'kg' | 'l' | 'm';

export interface CategoriesTable {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  name: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SuppliersTable {
  id: string;
  tenant_id: string;
  name: string;
  tax_id: string | null;
  contact: string | null;
  email: string | null;
  phone: string | null;
  payment_terms: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ProductsTable {
  id: string;
  tenant_id: string;
  sku: string;
  name: string;
  /** Lower-case, accent-free name + sku (+ barcodes) for search. */
  search_text: string;
  description: string | null;
  category_id: string | null;
  unit: Unit;
  price: number;
  cost: number;
  average_cost: number;
  tax_rate_bp: number;
  tracked: number;
  active: number;
  reorder_point_milli: Generated<number>;
  reorder_qty_milli: Generated<number>;
  image: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ProductBarcodesTable {
  tenant_id: string;
  product_id: string;
  barcode: string;
}

export interface ProductSuppliersTable {
  tenant_id: string;
  product_id: string;
  supplier_id: string;
  supplier_sku: string | null;
  cost: number | null;
  is_preferred: Generated<number>;
}

export interface PriceChangesTable {
  id: string;
  tenant_id: string;
  product_id: string;
  field: 'price' | 'cost';
  old_value: number | null;
  new_value: number;
  actor_id: string | null;
  op_id: string;
  changed_at: string;
}

export interface LocationsTable {
  id: string;
  tenant_id: string;
  name: string;
  is_default: Generated<number>;
  created_at: string;
  deleted_at: string | null;
}

export type MovementReason =
  | 'receipt'
  | 'sale'
  | 'return'
  | 'adjustment'
  | 'transfer_in'
  | 'transfer_out'
  | 'count'
  | 'write_off';

export interface StockMovementsTable {
  id: string;
  tenant_id: string;
  product_id: string;
  location_id: string;
  qty_milli: number;
  reason: MovementReason;
  note: string | null;
  unit_cost: number | null;
  ref_type: string | null;
  ref_id: string | null;
  op_id: string;
  actor_id: string | null;
  created_at: string;
}

export interface StockBalancesTable {
  tenant_id: string;
  product_id: string;
  location_id: string;
  on_hand_milli: number;
}

export interface OversellExceptionsTable {
  id: string;
  tenant_id: string;
  product_id: string;
  location_id: string;
  movement_id: string;
  on_hand_after_milli: number;
  status: 'open' | 'resolved';
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export interface StockCountsTable {
  id: string;
  tenant_id: string;
  location_id: string;
  category_id: string | null;
  status: 'open' | 'posted' | 'cancelled';
  note: string | null;
  created_by: string | null;
  created_at: string;
  posted_at: string | null;
}

export interface StockCountLinesTable {
  count_id: string;
  tenant_id: string;
  product_id: string;
  expected_milli: number;
  counted_milli: number | null;
}

export interface PurchaseOrdersTable {
  id: string;
  tenant_id: string;
  number: string;
  supplier_id: string;
  location_id: string;
  status: 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';
  notes: string | null;
  expected_at: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  closed_at: string | null;
}

export interface PurchaseOrderLinesTable {
  id: string;
  tenant_id: string;
  purchase_order_id: string;
  line_no: number;
  product_id: string;
  qty_ordered_milli: number;
  qty_received_milli: Generated<number>;
  unit_cost: number;
}

/** A device's document-number tag in a business, assigned by the hub at enrollment (migration 0022). */
export interface DeviceTagsTable {
  tenant_id: string;
  device_id: string;
  tag: string;
  created_at: string;
}

export interface NumberSeriesTable {
  tenant_id: string;
  device_id: string;
  series: string;
  prefix: string;
  last_number: number;
}

export interface ShiftsTable {
  id: string;
  tenant_id: string;
  /** The register the shift runs on; one open shift per device. */
  device_id: string;
  opened_by: string | null;
  opened_at: string;
  /** Minor units: the sum of the counted denominations. */
  opening_float: number;
  /** Canonical JSON text: [{ value, count }] with value in minor units. */
  opening_denominations: string;
  status: 'open' | 'closed';
  closed_by: string | null;
  closed_at: string | null;
  close_note: string | null;
  op_id: string;
}

export interface ShiftCashMovementsTable {
  id: string;
  tenant_id: string;
  shift_id: string;
  kind: 'paid_in' | 'paid_out';
  amount: number;
  reason: string;
  actor_id: string | null;
  created_at: string;
  op_id: string;
}

export interface ShiftCountsTable {
  shift_id: string;
  tenant_id: string;
  method: string;
  expected: number;
  counted: number;
  /** counted − expected: negative when the drawer is short. */
  difference: number;
}

export interface CustomersTable {
  id: string;
  tenant_id: string;
  name: string;
  tax_id: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface InvoicesTable {
  id: string;
  tenant_id: string;
  kind: 'invoice' | 'credit_note';
  /** null while a draft. */
  number: string | null;
  status: 'draft' | 'issued' | 'partially_paid' | 'paid' | 'void';
  customer_id: string;
  source_type: 'sale' | 'manual' | 'membership' | 'platform' | 'quote' | 'void' | 'refund';
  source_id: string | null;
  /** On a credit note: the invoice it voids (source `void`) or credits in part (source `refund`). */
  corrects_id: string | null;
  /** Calendar date in the business's time zone (`2026-11-25`); null while a draft. */
  issue_date: string | null;
  currency: string;
  /** core/money.ts pricing rules the document was computed with. */
  price_mode: 'inclusive' | 'exclusive';
  rounding_scope: 'line' | 'total';
  seller_name: string | null;
  seller_tax_id: string | null;
  seller_address: string | null;
  buyer_name: string | null;
  buyer_tax_id: string | null;
  buyer_address: string | null;
  buyer_email: string | null;
  subtotal: number;
  tax_total: number;
  total: number;
  notes: string | null;
  device_id: string;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  voided_at: string | null;
}

/** Lines of invoices and of quotes share this shape (the parent column differs). */
interface DocumentLineColumns {
  id: string;
  tenant_id: string;
  line_no: number;
  description: string;
  qty_milli: number;
  unit_price: number;
  tax_rate_bp: number;
  discount: number;
  net: number;
  tax: number;
  total: number;
}

export interface InvoiceLinesTable extends DocumentLineColumns {
  invoice_id: string;
}

export interface QuoteLinesTable extends DocumentLineColumns {
  quote_id: string;
  /** The catalog product the line offers (0009); null for a free-text line. */
  product_id: string | null;
}

export interface InvoiceTaxesTable {
  tenant_id: string;
  invoice_id: string;
  rate_bp: number;
  base: number;
  tax: number;
}

export interface InvoicePaymentsTable {
  id: string;
  tenant_id: string;
  invoice_id: string;
  amount: number;
  method: string;
  reference: string | null;
  actor_id: string | null;
  op_id: string;
  paid_at: string;
  /** The register's shift the payment was taken in (migration 0030); null outside a shift and for a sale's own money. */
  shift_id: string | null;
}

export interface QuotesTable {
  id: string;
  tenant_id: string;
  number: string;
  status: 'open' | 'sent' | 'converted';
  customer_id: string;
  valid_until: string;
  currency: string;
  /** core/money.ts pricing rules the document was computed with. */
  price_mode: 'inclusive' | 'exclusive';
  rounding_scope: 'line' | 'total';
  subtotal: number;
  tax_total: number;
  total: number;
  notes: string | null;
  invoice_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  converted_at: string | null;
}

// ——— point of sale (migrations/0006_sales.ts) ———

export interface PosSettingsTable {
  tenant_id: string;
  prices: 'inclusive' | 'exclusive';
  rounding: 'line' | 'total';
  staff_max_discount_bp: number;
  refund_approval_limit: number;
  /** JSON array of the payment methods beyond cash and card. */
  extra_payment_methods: string;
  updated_at: string;
}

export interface SalesTable {
  id: string;
  tenant_id: string;
  device_id: string;
  shift_id: string;
  number: string;
  customer_id: string | null;
  actor_id: string | null;
  prices: 'inclusive' | 'exclusive';
  rounding: 'line' | 'total';
  subtotal: number;
  line_discounts: number;
  cart_discount: number;
  base: number;
  tax: number;
  total: number;
  paid: number;
  change: number;
  note: string | null;
  created_at: string;
  op_id: string;
  /** The quote this sale converted (0009). */
  quote_id: string | null;
}

export interface SaleLinesTable {
  id: string;
  tenant_id: string;
  sale_id: string;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  unit: Unit;
  qty_milli: number;
  unit_price: number;
  tax_rate_bp: number;
  gross: number;
  line_discount: number;
  cart_discount: number;
  base: number;
  tax: number;
  total: number;
  note: string | null;
}

export interface SalePaymentsTable {
  id: string;
  tenant_id: string;
  sale_id: string;
  method: string;
  amount: number;
  reference: string | null;
}

export interface RefundsTable {
  id: string;
  tenant_id: string;
  device_id: string;
  sale_id: string;
  shift_id: string | null;
  number: string;
  base: number;
  tax: number;
  total: number;
  reason: string | null;
  actor_id: string | null;
  approved_by: string | null;
  created_at: string;
  op_id: string;
}

export interface RefundLinesTable {
  id: string;
  tenant_id: string;
  refund_id: string;
  sale_line_id: string;
  qty_milli: number;
  base: number;
  tax: number;
  total: number;
  disposition: 'return' | 'write_off';
  movement_id: string | null;
}

export interface RefundPaymentsTable {
  id: string;
  tenant_id: string;
  refund_id: string;
  method: string;
  amount: number;
}

export interface ParkedCartsTable {
  id: string;
  tenant_id: string;
  device_id: string;
  label: string | null;
  cart: string;
  actor_id: string | null;
  created_at: string;
}

/** Coworking tables live in their own files (members, bookings). */
export interface DB extends MembersTables, BookingsTables, SyncTables {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  categories: CategoriesTable;
  suppliers: SuppliersTable;
  products: ProductsTable;
  product_barcodes: ProductBarcodesTable;
  product_suppliers: ProductSuppliersTable;
  price_changes: PriceChangesTable;
  locations: LocationsTable;
  stock_movements: StockMovementsTable;
  stock_balances: StockBalancesTable;
  oversell_exceptions: OversellExceptionsTable;
  stock_counts: StockCountsTable;
  stock_count_lines: StockCountLinesTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  number_series: NumberSeriesTable;
  device_tags: DeviceTagsTable;
  devices: DevicesTable;
  ops: OpsTable;
  audit_entries: AuditEntriesTable;
  audit_chain_heads: AuditChainHeadsTable;
  shifts: ShiftsTable;
  shift_cash_movements: ShiftCashMovementsTable;
  shift_counts: ShiftCountsTable;
  customers: CustomersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_taxes: InvoiceTaxesTable;
  invoice_payments: InvoicePaymentsTable;
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  pos_settings: PosSettingsTable;
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  sale_payments: SalePaymentsTable;
  refunds: RefundsTable;
  refund_lines: RefundLinesTable;
  refund_payments: RefundPaymentsTable;
  parked_carts: ParkedCartsTable;
  member_pins: MemberPinsTable;
}

export type { Generated };

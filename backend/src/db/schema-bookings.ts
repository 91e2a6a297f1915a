/** Row types of the bookings tables (see migrations/0008_bookings.ts); part of the one DB type in schema.ts. */
import type { BookingPendingReason, BookingStatus, ResourceType } from '../contract/bookings.js';

export interface BookingSettingsTable {
  tenant_id: string;
  /** Canonical JSON of BookingRules. */
  rules: string;
  /** Canonical JSON of OpeningInterval[]. */
  opening_hours: string;
  /** Canonical JSON of YYYY-MM-DD[]. */
  closed_dates: string;
  updated_at: string;
}

export interface ResourcesTable {
  id: string;
  tenant_id: string;
  location_id: string;
  type: ResourceType;
  name: string;
  capacity: number;
  /** Canonical JSON string[]. */
  amenities: string;
  photo: string | null;
  price_per_hour: number;
  price_per_half_day: number | null;
  price_per_day: number | null;
  tax_rate_bp: number;
  opening_hours: string | null;
  closed_dates: string;
  active: number;
  /** Canonical JSON of BookingRulesOverride. */
  rules: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface BookingSeriesTable {
  id: string;
  tenant_id: string;
  resource_id: string;
  rrule: string;
  exdates: string;
  starts_at: string;
  ends_at: string;
  title: string;
  member_id: string | null;
  customer_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BookingsTable {
  id: string;
  tenant_id: string;
  resource_id: string;
  series_id: string | null;
  code: string;
  member_id: string | null;
  customer_id: string | null;
  title: string;
  notes: string;
  seats: number;
  starts_at: string;
  ends_at: string;
  blocked_from: string;
  blocked_to: string;
  exclusive: number;
  status: BookingStatus;
  /** Migration 0017: why a `pending` booking waits ('approval' or 'hub'); null for every other status. */
  pending_reason: BookingPendingReason | null;
  price_gross: number;
  credit_minutes: number;
  price_due: number;
  tax_rate_bp: number;
  currency: string;
  late_fee: number;
  /**
   * Migration 0029: the late fee a later cancellation owes at least, fixed when the booking was
   * moved or extended inside its cancellation window; null while it never was.
   */
  late_fee_liability: number | null;
  charge_id: string | null;
  checked_in_at: string | null;
  checked_out_at: string | null;
  cancelled_at: string | null;
  reason: string;
  created_at: string;
  updated_at: string;
}

export interface BookingsTables {
  booking_settings: BookingSettingsTable;
  resources: ResourcesTable;
  booking_series: BookingSeriesTable;
  bookings: BookingsTable;
}

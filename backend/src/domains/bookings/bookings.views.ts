/** Rows to contract views, and a resource's effective policy (business defaults + its overrides). */
import type {
  BookingRules,
  BookingSettings,
  BookingView,
  ConflictingBooking,
  OpeningInterval,
  ResourceView,
} from '../../contract/bookings.js';
import type { BookingRow, HoldRow, ResourceRow, TenantInfo } from './bookings.queries.js';
import type { ResourcePolicy } from './bookings.rules.js';

export function effectiveRules(settings: BookingSettings, row: Pick<ResourceRow, 'rules'>): BookingRules {
  return { ...settings.rules, ...JSON.parse(row.rules) };
}

export function policyOf(
  row: Pick<ResourceRow, 'id' | 'capacity' | 'active' | 'rules' | 'opening_hours' | 'closed_dates'>,
  settings: BookingSettings,
  tenant: TenantInfo,
): ResourcePolicy {
  const own = row.opening_hours === null ? null : (JSON.parse(row.opening_hours) as OpeningInterval[]);
  return {
    id: row.id,
    capacity: Number(row.capacity),
    active: Number(row.active) === 1,
    rules: effectiveRules(settings, row),
    openingHours: own ?? settings.openingHours,
    closedDates: new Set([...settings.closedDates, ...(JSON.parse(row.closed_dates) as string[])]),
    timeZone: tenant.timeZone,
  };
}

export function toResourceView(
  row: ResourceRow,
  settings: BookingSettings,
  tenant: TenantInfo,
): ResourceView {
  const own = row.opening_hours === null ? null : (JSON.parse(row.opening_hours) as OpeningInterval[]);
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    capacity: Number(row.capacity),
    locationId: row.location_id,
    locationName: row.location_name,
    amenities: JSON.parse(row.amenities),
    photo: row.photo,
    pricePerHour: Number(row.price_per_hour),
    pricePerHalfDay: row.price_per_half_day === null ? null : Number(row.price_per_half_day),
    pricePerDay: row.price_per_day === null ? null : Number(row.price_per_day),
    taxRateBp: Number(row.tax_rate_bp),
    currency: tenant.currency,
    openingHours: own,
    effectiveOpeningHours: own ?? settings.openingHours,
    closedDates: JSON.parse(row.closed_dates),
    effectiveClosedDates: [
      ...new Set([...settings.closedDates, ...(JSON.parse(row.closed_dates) as string[])]),
    ].sort(),
    active: Number(row.active) === 1,
    rules: JSON.parse(row.rules),
    effectiveRules: effectiveRules(settings, row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface BookingNames {
  resources: Map<string, Pick<ResourceRow, 'name' | 'type' | 'location_id'>>;
  members: Map<string, string>;
  customers: Map<string, string>;
  /** Per booking, whose credits it uses (see `creditsUsedBy`); none when absent. */
  credits?: Map<string, { memberId: string; minutes: number }[]>;
  /** Per booking, the member its charge is on. */
  billed?: Map<string, string>;
}

function billedTo(row: BookingRow, names: BookingNames): { memberId: string; name: string } | null {
  const memberId = names.billed?.get(row.id);
  return memberId ? { memberId, name: names.members.get(memberId) ?? '' } : null;
}

export function toBookingView(row: BookingRow, names: BookingNames): BookingView {
  const resource = names.resources.get(row.resource_id);
  return {
    id: row.id,
    code: row.code,
    resourceId: row.resource_id,
    resourceName: resource?.name ?? '',
    resourceType: resource?.type ?? 'meeting_room',
    locationId: resource?.location_id ?? '',
    seriesId: row.series_id,
    memberId: row.member_id,
    memberName: row.member_id ? (names.members.get(row.member_id) ?? null) : null,
    customerId: row.customer_id,
    customerName: row.customer_id ? (names.customers.get(row.customer_id) ?? null) : null,
    title: row.title,
    notes: row.notes,
    seats: Number(row.seats),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    blockedFrom: row.blocked_from,
    blockedTo: row.blocked_to,
    status: row.status,
    pendingReason: row.status === 'pending' ? (row.pending_reason ?? 'approval') : null,
    price: {
      gross: Number(row.price_gross),
      creditMinutes: Number(row.credit_minutes),
      due: Number(row.price_due),
      taxRateBp: Number(row.tax_rate_bp),
      currency: row.currency,
      creditsFrom: (names.credits?.get(row.id) ?? []).map((c) => ({
        memberId: c.memberId,
        name: names.members.get(c.memberId) ?? '',
        minutes: c.minutes,
      })),
      billedTo: billedTo(row, names),
    },
    lateFee: Number(row.late_fee),
    lateFeeLiability: row.late_fee_liability === null ? null : Number(row.late_fee_liability),
    checkedInAt: row.checked_in_at,
    checkedOutAt: row.checked_out_at,
    cancelledAt: row.cancelled_at,
    reason: row.reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const toConflictView = (h: HoldRow): ConflictingBooking => ({
  id: h.id,
  resourceId: h.resource_id,
  startsAt: h.starts_at,
  endsAt: h.ends_at,
  status: h.status,
  seats: Number(h.seats),
});

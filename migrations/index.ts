/**
 * The ordered, append-only list of migrations. Never edit or reorder a
 * landed entry: add a new file and append it here.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_identity.js';
import * as m0003 from './0003_catalog_stock.js';
import * as m0004 from './0004_customers_invoicing.js';
import * as m0005 from './0005_shifts.js';
import * as m0006 from './0006_sales.js';
import * as m0007 from './0007_members.js';
import * as m0008 from './0008_bookings.js';
import * as m0009 from './0009_quote_sale.js';
import * as m0010 from './0010_sync_changes.js';
import * as m0011 from './0011_hub_devices.js';
import * as m0012 from './0012_sync_client.js';
import * as m0013 from './0013_enrollment_kinds.js';
import * as m0014 from './0014_bookings_perf.js';
import * as m0015 from './0015_entitlements.js';
import * as m0016 from './0016_device_pending.js';
import * as m0017 from './0017_booking_pending_reason.js';
import * as m0021 from './0021_lean_indexes.js';
import * as m0022 from './0022_device_tags.js';
import * as m0023 from './0023_conflict_reviews.js';
import * as m0024 from './0024_member_pins.js';
import * as m0025 from './0025_op_numbers.js';
import * as m0026 from './0026_product_sku_live.js';
import * as m0027 from './0027_audit_chain_heads.js';
import * as m0028 from './0028_too_old_version.js';
import * as m0029 from './0029_booking_late_fee_liability.js';
import * as m0030 from './0030_invoice_payment_shift.js';
import * as m0031 from './0031_session_kiosk.js';
import * as m0032 from './0032_member_charges_source_idx.js';
import * as m0033 from './0033_session_kiosk_failures.js';
import * as m0034 from './0034_invoices_corrects_idx.js';

export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001_foundation', m0001],
  ['0002_identity', m0002],
  ['0003_catalog_stock', m0003],
  ['0004_customers_invoicing', m0004],
  ['0005_shifts', m0005],
  ['0006_sales', m0006],
  ['0007_members', m0007],
  ['0008_bookings', m0008],
  ['0009_quote_sale', m0009],
  ['0010_sync_changes', m0010],
  ['0011_hub_devices', m0011],
  ['0012_sync_client', m0012],
  ['0013_enrollment_kinds', m0013],
  ['0014_bookings_perf', m0014],
  ['0015_entitlements', m0015],
  ['0016_device_pending', m0016],
  ['0017_booking_pending_reason', m0017],
  ['0021_lean_indexes', m0021],
  ['0022_device_tags', m0022],
  ['0023_conflict_reviews', m0023],
  ['0024_member_pins', m0024],
  ['0025_op_numbers', m0025],
  ['0026_product_sku_live', m0026],
  ['0027_audit_chain_heads', m0027],
  ['0028_too_old_version', m0028],
  ['0029_booking_late_fee_liability', m0029],
  ['0030_invoice_payment_shift', m0030],
  ['0031_session_kiosk', m0031],
  ['0032_member_charges_source_idx', m0032],
  ['0033_session_kiosk_failures', m0033],
  ['0034_invoices_corrects_idx', m0034],
];

/**
 * Migrations that change nothing a console and the hub exchange: they only touch tables that
 * never sync (`LOCAL_TABLES` in backend/src/db/change-tracking.ts). They leave SCHEMA_VERSION
 * as it was, so the hub keeps syncing with consoles of the previous schema — a release that
 * adds one of these next to a real schema change does not leave the last release's consoles
 * refused as too old. A test checks that each leaves the synced tables' schema unchanged.
 */
export const LOCAL_ONLY_MIGRATIONS: ReadonlySet<string> = new Set([
  '0027_audit_chain_heads',
  '0028_too_old_version',
  '0031_session_kiosk',
  '0033_session_kiosk_failures',
]);

/**
 * Ops carry this number so the hub can tell which schema produced them: the count of
 * migrations that change what syncs.
 */
export const SCHEMA_VERSION = MIGRATIONS.filter(([name]) => !LOCAL_ONLY_MIGRATIONS.has(name)).length;

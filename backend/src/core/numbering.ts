import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Per-device gap-free numbering (ARCHITECTURE §5): each device numbers its
 * own receipts, invoices and purchase orders, so counters number offline and
 * never collide. The device tag is the end of the device id (UUIDv7 ids begin
 * with a timestamp, so their starts look alike); enrollment may later assign
 * shorter tags. Runs inside the command's transaction, so a rolled-back
 * command leaves no gap.
 */
export async function nextNumber(
  tx: Transaction<DB>,
  args: { tenantId: string; deviceId: string; series: string },
): Promise<string> {
  const row = await tx
    .selectFrom('number_series')
    .select(['prefix', 'last_number'])
    .where('tenant_id', '=', args.tenantId)
    .where('device_id', '=', args.deviceId)
    .where('series', '=', args.series)
    .executeTakeFirst();
  const prefix = row?.prefix ?? `${args.series}-${deviceTag(args.deviceId)}-`;
  const next = (row?.last_number ?? 0) + 1;
  if (row) {
    await tx
      .updateTable('number_series')
      .set({ last_number: next })
      .where('tenant_id', '=', args.tenantId)
      .where('device_id', '=', args.deviceId)
      .where('series', '=', args.series)
      .execute();
  } else {
    await tx
      .insertInto('number_series')
      .values({
        tenant_id: args.tenantId,
        device_id: args.deviceId,
        series: args.series,
        prefix,
        last_number: next,
      })
      .execute();
  }
  return `${prefix}${String(next).padStart(6, '0')}`;
}

export function deviceTag(deviceId: string): string {
  return deviceId.replaceAll('-', '').slice(-4).toUpperCase();
}

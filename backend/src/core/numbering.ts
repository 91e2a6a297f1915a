import { sql, type Transaction } from 'kysely';
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
  // One statement: the first number of a series creates its row, later ones
  // bump it; the stored prefix wins over the computed one once it exists.
  const row = await tx
    .insertInto('number_series')
    .values({
      tenant_id: args.tenantId,
      device_id: args.deviceId,
      series: args.series,
      prefix: `${args.series}-${deviceTag(args.deviceId)}-`,
      last_number: 1,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'device_id', 'series']).doUpdateSet({
        last_number: sql<number>`number_series.last_number + 1`,
      }),
    )
    .returning(['prefix', 'last_number'])
    .executeTakeFirstOrThrow();
  return `${row.prefix}${String(Number(row.last_number)).padStart(6, '0')}`;
}

export function deviceTag(deviceId: string): string {
  return deviceId.replaceAll('-', '').slice(-4).toUpperCase();
}

import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Per-device gap-free numbering (ARCHITECTURE §5): each device numbers its
 * own receipts, invoices and purchase orders, so counters number offline and
 * never collide. The device tag is the one the hub assigned the device in the
 * business at enrollment (`device_tags`, synced, so a replay on the hub
 * numbers alike), or else the end of the device id (UUIDv7 ids begin with a
 * timestamp, so their starts look alike). Runs inside the command's
 * transaction, so a rolled-back command leaves no gap.
 */
export async function nextNumber(
  tx: Transaction<DB>,
  args: { tenantId: string; deviceId: string; series: string },
): Promise<string> {
  return (await reserveNumbers(tx, args, 1))[0] as string;
}

/** The series' next `count` numbers, in order, in one statement. */
export async function reserveNumbers(
  tx: Transaction<DB>,
  args: { tenantId: string; deviceId: string; series: string },
  count: number,
): Promise<string[]> {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`reserveNumbers: count must be ≥ 1, got ${count}`);
  // One statement: the first numbers of a series create its row, later ones
  // bump it; the stored prefix wins over the computed one once it exists.
  const row = await tx
    .insertInto('number_series')
    .values({
      tenant_id: args.tenantId,
      device_id: args.deviceId,
      series: args.series,
      prefix: sql<string>`${`${args.series}-`} || coalesce(
        (select tag from device_tags where tenant_id = ${args.tenantId} and device_id = ${args.deviceId}),
        ${deviceTag(args.deviceId)}) || '-'`,
      last_number: count,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'device_id', 'series']).doUpdateSet({
        last_number: sql<number>`number_series.last_number + ${count}`,
      }),
    )
    .returning(['prefix', 'last_number'])
    .executeTakeFirstOrThrow();
  const last = Number(row.last_number);
  return Array.from(
    { length: count },
    (_, i) => `${row.prefix}${String(last - count + 1 + i).padStart(6, '0')}`,
  );
}

export function deviceTag(deviceId: string, length = 4): string {
  return deviceId.replaceAll('-', '').slice(-length).toUpperCase();
}

/**
 * The tag for a device joining a business whose other devices number with
 * `taken`: the last four hex digits of its id, or more of them (6, 8, … 32)
 * until no other device has it. Ids differ, so the whole id always does.
 */
export function freeDeviceTag(deviceId: string, taken: ReadonlySet<string>): string {
  for (let length = 4; length < 32; length += 2) {
    const tag = deviceTag(deviceId, length);
    if (!taken.has(tag)) return tag;
  }
  return deviceTag(deviceId, 32);
}

import { sql, type Transaction } from 'kysely';
import { MIGRATIONS } from '../../../migrations/index.js';
import type { DB } from '../db/schema.js';
import type { CommandContext } from './pipeline.js';

/**
 * Per-device gap-free numbering (ARCHITECTURE §5): each device numbers its
 * own receipts, invoices and purchase orders, so counters number offline and
 * never collide. The device tag is the one the hub assigned the device in the
 * business at enrollment (`device_tags`, synced, so a replay on the hub
 * numbers alike), or else the end of the device id (UUIDv7 ids begin with a
 * timestamp, so their starts look alike). Runs inside the command's
 * transaction, so a rolled-back command leaves no gap.
 *
 * The numbers a command takes are kept with its op (`ops.numbers`) and
 * pushed with it. The hub takes the same numbers again when it applies the
 * op, and moves the device's series past every number a pushed op carries,
 * whatever became of the op (docs/decisions.md "A pushed op keeps its
 * document numbers"): the number printed on a receipt is the number the hub
 * holds, and a number printed at a counter is never given out twice. A
 * document the hub's replay makes that the console did not (a void that finds
 * the invoice issued meanwhile makes a credit note) is numbered in the hub's
 * own series, never in the device's, whose next numbers the console may have
 * printed already.
 */
export async function nextNumber(
  tx: Transaction<DB>,
  ctx: NumberingContext,
  series: string,
): Promise<string> {
  return (await reserveNumbers(tx, [ctx], series))[0] as string;
}

/** The schema whose ops carry every document number they took (migration 0025). */
export const NUMBERED_OPS_SCHEMA = MIGRATIONS.findIndex(([name]) => name === '0025_op_numbers') + 1;

/** The tag of the hub's own series: not hexadecimal, so no console's tag is ever the same. */
export const HUB_TAG = 'HUB';

/** What numbering needs of a command's context. */
export type NumberingContext = Pick<CommandContext, 'tenantId' | 'deviceId' | 'numbers'>;

/** A series' owner where new numbers are drawn: a device, with the tag its numbers show (else its own). */
export interface SeriesOwner {
  deviceId: string;
  tag?: string;
}

/**
 * The next number of the series for each context, in order, in as few
 * statements as the contexts allow (a register's sales applied together:
 * one). Where a context replays an op that carries its numbers, those are
 * the numbers.
 */
export async function reserveNumbers(
  tx: Transaction<DB>,
  ctxs: readonly NumberingContext[],
  series: string,
): Promise<string[]> {
  const first = ctxs[0];
  if (!first) return [];
  // A context may come more than once (a command taking several numbers): its next ones, in turn.
  const turn = new Map<NumberingContext, number>();
  const carried = ctxs.map((ctx) => {
    const ahead = turn.get(ctx) ?? 0;
    turn.set(ctx, ahead + 1);
    return ctx.numbers?.carried(series, ahead);
  });
  const owner = (ctx: NumberingContext): SeriesOwner => ctx.numbers?.elsewhere ?? { deviceId: ctx.deviceId };
  let values: number[];
  let prefix: string;
  if (carried.every((n): n is number => n !== undefined)) {
    const upTo = carried.reduce((a, b) => Math.max(a, b));
    ({ prefix } = await advanceSeries(tx, first, series, { upTo }));
    values = carried;
  } else if (
    carried.every((n) => n === undefined) &&
    ctxs.every((c) => owner(c).deviceId === owner(first).deviceId)
  ) {
    const moved = await advanceSeries(tx, { tenantId: first.tenantId, ...owner(first) }, series, {
      by: ctxs.length,
    });
    prefix = moved.prefix;
    values = ctxs.map((_, i) => moved.last - ctxs.length + 1 + i);
  } else {
    // Contexts numbered differently (ops of two builds in one run): one by one.
    const numbers: string[] = [];
    for (const ctx of ctxs) numbers.push(...(await reserveNumbers(tx, [ctx], series)));
    return numbers;
  }
  for (const [i, ctx] of ctxs.entries()) ctx.numbers?.took(series, values[i] as number);
  return values.map((n) => formatNumber(prefix, n));
}

/** A document number as printed: the series' prefix and the number in six digits (`R-94E2-000012`). */
export function formatNumber(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(6, '0')}`;
}

/**
 * Moves the device's series on: `by` numbers (new ones), or up to `upTo`
 * when it is not there yet (numbers a console took already). One statement:
 * the first numbers of a series create its row, later ones bump it; the
 * stored prefix wins over the computed one (the owner's `tag`, else the
 * device's) once it exists.
 */
export async function advanceSeries(
  tx: Transaction<DB>,
  where: { tenantId: string; deviceId: string; tag?: string },
  series: string,
  move: { by: number } | { upTo: number },
): Promise<{ prefix: string; last: number }> {
  const amount = 'by' in move ? move.by : move.upTo;
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new Error(`advanceSeries: ${'by' in move ? 'by' : 'upTo'} must be ≥ 1, got ${amount}`);
  }
  const row = await tx
    .insertInto('number_series')
    .values({
      tenant_id: where.tenantId,
      device_id: where.deviceId,
      series,
      prefix:
        where.tag === undefined
          ? sql<string>`${`${series}-`} || coalesce(
        (select tag from device_tags where tenant_id = ${where.tenantId} and device_id = ${where.deviceId}),
        ${deviceTag(where.deviceId)}) || '-'`
          : `${series}-${where.tag}-`,
      last_number: amount,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'device_id', 'series']).doUpdateSet({
        last_number:
          'by' in move
            ? sql<number>`number_series.last_number + ${amount}`
            : sql<number>`case when number_series.last_number > ${amount} then number_series.last_number else ${amount} end`,
      }),
    )
    .returning(['prefix', 'last_number'])
    .executeTakeFirstOrThrow();
  return { prefix: row.prefix, last: Number(row.last_number) };
}

/**
 * The document numbers one command takes, by series; on the hub, also the
 * numbers the console's op took, handed out again in the same order.
 */
export class NumberLedger {
  private readonly taken = new Map<string, number[]>();

  /**
   * `carriedNumbers`: what a pushed op took on the console. `elsewhere`: where the hub draws a
   * number the op does not carry (its own series), for ops whose console would have carried it.
   */
  constructor(
    private readonly carriedNumbers: OpNumbers | null = null,
    readonly elsewhere: SeriesOwner | null = null,
  ) {}

  /** The number the op took next (or `ahead` after next) in this series on the console, if it carries one. */
  carried(series: string, ahead = 0): number | undefined {
    if (!this.carriedNumbers || !Object.hasOwn(this.carriedNumbers, series)) return undefined;
    return this.carriedNumbers[series]?.[(this.taken.get(series)?.length ?? 0) + ahead];
  }

  took(series: string, n: number): void {
    const list = this.taken.get(series);
    if (list) list.push(n);
    else this.taken.set(series, [n]);
  }

  /** What the op row keeps (`ops.numbers`): null when the command took none. */
  json(): string | null {
    if (this.taken.size === 0) return null;
    return JSON.stringify(Object.fromEntries([...this.taken].sort(([a], [b]) => (a < b ? -1 : 1))));
  }
}

/** Numbers an op took, by series, as `ops.numbers` keeps them and a pushed op carries them. */
export type OpNumbers = Readonly<Record<string, readonly number[]>>;

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

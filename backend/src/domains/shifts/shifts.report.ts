/**
 * Shift views and the X/Z report. The report is derived every time from the
 * facts (sales, refunds, invoice payments taken and invoice money given back
 * in the shift, paid-in/out); only the close's count is stored.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  CASH_METHOD,
  type CashMovementView,
  type Denomination,
  type MethodAmount,
  type ShiftReport,
  type ShiftView,
} from '../../contract/index.js';
import { notFound } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import {
  cashMovements,
  listShifts,
  type ShiftListRow,
  type ShiftTakings,
  shiftCounts,
  shiftTakings,
} from './shifts.queries.js';

type Db = Kysely<DB> | Transaction<DB>;

export function toShiftView(row: ShiftListRow): ShiftView {
  return {
    id: row.id,
    deviceId: row.device_id,
    status: row.status,
    openedBy: row.opened_by ? { id: row.opened_by, name: row.opened_by_name ?? '' } : null,
    openedAt: row.opened_at,
    openingFloat: Number(row.opening_float),
    openingDenominations: JSON.parse(row.opening_denominations) as Denomination[],
    closedBy: row.closed_by ? { id: row.closed_by, name: row.closed_by_name ?? '' } : null,
    closedAt: row.closed_at,
    closeNote: row.close_note,
    currency: row.currency,
  };
}

/** The shift as the API shows it; 404 when it is not this tenant's. */
export async function shiftView(db: Db, tenantId: string, shiftId: string): Promise<ShiftView> {
  const [row] = await listShifts(db, tenantId, { ids: [shiftId], limit: 1 });
  if (!row) throw notFound('Shift');
  return toShiftView(row);
}

/** Opening float as counted: Σ value × count. */
export function floatOf(denominations: Denomination[]): number {
  return denominations.reduce((sum, d) => sum + d.value * d.count, 0);
}

/**
 * What each method should hold at the close: payments (net of change) +
 * invoice payments taken in the shift − refunds − invoice money given back;
 * cash also holds the float, plus paid-in, minus paid-out. Cash is always
 * listed first, the other methods by name.
 */
export function expectedByMethod(
  openingFloat: number,
  takings: Pick<ShiftTakings, 'salePayments' | 'refundPayments' | 'invoicePayments' | 'invoiceGiveBacks'>,
  paidIn: number,
  paidOut: number,
): MethodAmount[] {
  const expected = new Map<string, MethodAmount>([
    [CASH_METHOD, { method: CASH_METHOD, amount: openingFloat + paidIn - paidOut, count: 0 }],
  ]);
  const entry = (method: string) => {
    const found = expected.get(method) ?? { method, amount: 0, count: 0 };
    expected.set(method, found);
    return found;
  };
  for (const p of takings.salePayments) {
    const e = entry(p.method);
    e.amount += p.amount;
    e.count += p.count;
  }
  for (const p of takings.invoicePayments) {
    const e = entry(p.method);
    e.amount += p.amount;
    e.count += p.count;
  }
  for (const p of [...takings.refundPayments, ...takings.invoiceGiveBacks]) {
    const e = entry(p.method);
    e.amount -= p.amount;
    e.count += p.count;
  }
  const [cash, ...others] = [...expected.values()];
  return [cash as MethodAmount, ...others.sort((a, b) => a.method.localeCompare(b.method))];
}

function toMovementView(shiftId: string, row: Awaited<ReturnType<typeof cashMovements>>[number]) {
  return {
    id: row.id,
    shiftId,
    kind: row.kind,
    amount: Number(row.amount),
    reason: row.reason,
    actorId: row.actor_id,
    createdAt: row.created_at,
  } satisfies CashMovementView;
}

/**
 * A closed shift's figures as counted: what each method was expected to hold at the close (as the
 * count stored it), and apart, what reached the shift afterwards — sales, refunds, invoice payments
 * and cash in or out that a register made offline and synced after a manager closed its shift
 * elsewhere (the hub files them in the shift they were made in). Expected + after the close = what
 * the records add up to now.
 */
function asClosed(
  live: MethodAmount[],
  counts: readonly { method: string; expected: number }[],
): { expected: MethodAmount[]; afterClose: MethodAmount[] } {
  const frozen = new Map(counts.map((c) => [c.method, c.expected]));
  const expected = live.map((e) => ({ ...e, amount: frozen.get(e.method) ?? 0 }));
  for (const c of counts) {
    if (!live.some((e) => e.method === c.method))
      expected.push({ method: c.method, amount: c.expected, count: 0 });
  }
  const afterClose = live
    .map((e) => ({ method: e.method, amount: e.amount - (frozen.get(e.method) ?? 0), count: 0 }))
    .filter((e) => e.amount !== 0);
  return { expected, afterClose };
}

/** X while the shift is open (as of `now`), Z once it is closed (as of the close). */
export async function shiftReport(
  db: Db,
  tenantId: string,
  shiftId: string,
  now: string,
): Promise<ShiftReport> {
  const shift = await shiftView(db, tenantId, shiftId);
  const takings = await shiftTakings(db, tenantId, shiftId);
  const movements = (await cashMovements(db, tenantId, shiftId)).map((m) => toMovementView(shiftId, m));
  const sum = (kind: CashMovementView['kind']) =>
    movements.filter((m) => m.kind === kind).reduce((total, m) => total + m.amount, 0);
  const paidIn = sum('paid_in');
  const paidOut = sum('paid_out');
  const live = expectedByMethod(shift.openingFloat, takings, paidIn, paidOut);
  const closed = shift.status === 'closed';
  const counts = closed
    ? (await shiftCounts(db, tenantId, shiftId)).map((c) => ({
        method: c.method,
        expected: Number(c.expected),
        counted: Number(c.counted),
        difference: Number(c.difference),
      }))
    : null;
  const { expected, afterClose } = counts ? asClosed(live, counts) : { expected: live, afterClose: [] };
  return {
    kind: closed ? 'Z' : 'X',
    shift,
    asOf: shift.closedAt ?? now,
    openingFloat: shift.openingFloat,
    sales: { ...takings.sales, byMethod: takings.salePayments },
    refunds: { ...takings.refunds, byMethod: takings.refundPayments },
    invoicePayments: {
      count: takings.invoicePayments.reduce((n, p) => n + p.count, 0),
      total: takings.invoicePayments.reduce((sum, p) => sum + p.amount, 0),
      byMethod: takings.invoicePayments,
    },
    invoiceGiveBacks: {
      count: takings.invoiceGiveBacks.reduce((n, g) => n + g.count, 0),
      total: takings.invoiceGiveBacks.reduce((sum, g) => sum + g.amount, 0),
      byMethod: takings.invoiceGiveBacks,
    },
    paidIn,
    paidOut,
    movements,
    expected,
    expectedCash: expected[0]?.amount ?? 0,
    afterClose,
    counts,
    counted: counts ? counts.reduce((s, c) => s + c.counted, 0) : null,
    difference: counts ? counts.reduce((s, c) => s + c.difference, 0) : null,
    taxes: takings.taxes,
  };
}

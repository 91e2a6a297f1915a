/**
 * Shifts on a register. Every command syncs with arbitration 'accept': a
 * shift opened, a paid-out or a close made offline are facts of that
 * register. Inputs carry the ids of the rows they create.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  type CashMovementKind,
  type CashMovementView,
  can,
  cashMovementRequest,
  type Role,
  type ShiftReport,
  type ShiftView,
  shiftCloseRequest,
  shiftOpenRequest,
} from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import {
  closeShiftRow,
  findShift,
  insertCashMovement,
  insertCounts,
  insertShift,
  openShiftFor,
  rowIdTaken,
  type ShiftRow,
} from './shifts.queries.js';
import { floatOf, shiftReport, shiftView } from './shifts.report.js';

type Tx = Transaction<DB>;

const rowId = z.string().min(1).max(64);
const MAX_FLOAT = 1_000_000_000_000;

async function assertIdFree(tx: Tx, table: 'shifts' | 'shift_cash_movements', id: string) {
  if (await rowIdTaken(tx, table, id)) {
    throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
  }
}

/** An open shift of this tenant that the actor may work on. */
export async function operableShift(
  tx: Tx,
  ctx: CommandContext,
  shiftId: string,
  opts: { closedOnReplay?: boolean } = {},
): Promise<ShiftRow> {
  const shift = await findShift(tx, ctx.tenantId, shiftId);
  if (!shift) throw notFound('Shift');
  assertSameRegister(shift.device_id, ctx.deviceId, ctx.actor?.role);
  // A register that sold offline paid cash in or out of a shift a manager has closed since
  // elsewhere: the money moved while it was open there, so the hub files it in that shift.
  const closedButMade = opts.closedOnReplay === true && isReplay(ctx);
  if (shift.status !== 'open' && !closedButMade)
    throw conflict('shift-not-open', 'This shift is already closed');
  return shift;
}

/** STAFF work on the register they stand at; OWNER/ADMIN on any (a shift left open elsewhere). */
export function assertSameRegister(shiftDevice: string, deviceId: string, role: Role | undefined) {
  const manager = role !== undefined && can(role, 'reports.view');
  if (!manager && shiftDevice !== deviceId) {
    throw new DomainError('shift-other-register', 403, 'This shift belongs to another register');
  }
}

export const openShiftInput = shiftOpenRequest.extend({ id: z.uuid() });

export const openShift = command({
  name: 'shifts.shift.open',
  permission: 'sales.record',
  input: openShiftInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const openingFloat = floatOf(input.denominations);
    if (openingFloat > MAX_FLOAT) {
      throw new DomainError('amount-too-large', 400, 'The opening float is too large', 'denominations');
    }
    if (input.openingFloat !== undefined && input.openingFloat !== openingFloat) {
      throw new DomainError(
        'float-mismatch',
        400,
        `The denominations add up to ${openingFloat}, not ${input.openingFloat}`,
        'openingFloat',
      );
    }
    if (await openShiftFor(tx, ctx.tenantId, ctx.deviceId)) {
      throw conflict('shift-already-open', 'This register already has an open shift; close it first');
    }
    await assertIdFree(tx, 'shifts', input.id);
    await insertShift(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      device_id: ctx.deviceId,
      opened_by: ctx.actor?.userId ?? null,
      opened_at: ctx.now,
      opening_float: openingFloat,
      opening_denominations: JSON.stringify(
        input.denominations.map(({ value, count }) => ({ value, count })),
      ),
      status: 'open',
      closed_by: null,
      closed_at: null,
      close_note: null,
      op_id: ctx.opId,
    });
    const view: ShiftView = await shiftView(tx, ctx.tenantId, input.id);
    return { result: view, entity: { type: 'shift', id: input.id }, after: view };
  },
});

/**
 * A paid-out takes cash out of the drawer, so it cannot be more than the drawer should hold now
 * (the X report's expected cash): the close could not count the drawer below zero, and the Z
 * report would show a difference that never happened. Checked live only: a paid-out an offline
 * register pushes already left its drawer, so the hub takes it as it was made.
 */
async function assertInDrawer(tx: Tx, ctx: CommandContext, shiftId: string, amount: number) {
  const { expectedCash } = await shiftReport(tx, ctx.tenantId, shiftId, ctx.now);
  if (amount > expectedCash) {
    throw conflict(
      'paid-out-exceeds-drawer',
      'The paid-out is more than the cash the drawer should hold',
      'amount',
    );
  }
}

export const cashMovementInput = cashMovementRequest.extend({ id: z.uuid(), shiftId: rowId });

function cashMovementCommand(kind: CashMovementKind, name: string) {
  return command({
    name,
    permission: 'sales.record',
    input: cashMovementInput,
    sync: { arbitration: 'accept' },
    async handler(tx, input, ctx) {
      const shift = await operableShift(tx, ctx, input.shiftId, { closedOnReplay: true });
      await assertIdFree(tx, 'shift_cash_movements', input.id);
      if (kind === 'paid_out' && !isReplay(ctx)) await assertInDrawer(tx, ctx, shift.id, input.amount);
      const view: CashMovementView = {
        id: input.id,
        shiftId: shift.id,
        kind,
        amount: input.amount,
        reason: input.reason,
        actorId: ctx.actor?.userId ?? null,
        createdAt: ctx.now,
      };
      await insertCashMovement(tx, {
        id: view.id,
        tenant_id: ctx.tenantId,
        shift_id: shift.id,
        kind,
        amount: view.amount,
        reason: view.reason,
        actor_id: view.actorId,
        created_at: ctx.now,
        op_id: ctx.opId,
      });
      return { result: view, entity: { type: 'shift', id: shift.id }, after: view };
    },
  });
}

export const paidIn = cashMovementCommand('paid_in', 'shifts.cash.paid-in');
export const paidOut = cashMovementCommand('paid_out', 'shifts.cash.paid-out');

export const closeShiftInput = shiftCloseRequest.extend({ shiftId: rowId });

/**
 * Counts the drawer and every other method: each method the report expects
 * must be counted (`count-missing`); any difference needs a note
 * (`note-required`). The expected figures are frozen with the count.
 */
export const closeShift = command({
  name: 'shifts.shift.close',
  permission: 'sales.record',
  input: closeShiftInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    const shift = await operableShift(tx, ctx, input.shiftId);
    const before = await shiftReport(tx, ctx.tenantId, shift.id, ctx.now);
    const counted = new Map(input.counts.map((c) => [c.method, c.counted]));
    const missing = before.expected.findIndex((e) => !counted.has(e.method) && e.amount !== 0);
    if (missing >= 0) {
      throw new DomainError(
        'count-missing',
        400,
        `Count ${before.expected[missing]?.method} before closing`,
        'counts',
      );
    }
    const expectedOf = new Map(before.expected.map((e) => [e.method, e.amount]));
    const methods = [...new Set([...before.expected.map((e) => e.method), ...counted.keys()])];
    const rows = methods.map((method) => {
      const expected = expectedOf.get(method) ?? 0;
      const count = counted.get(method) ?? 0;
      return { method, expected, counted: count, difference: count - expected };
    });
    if (rows.some((r) => r.difference !== 0) && !input.note) {
      throw new DomainError('note-required', 400, 'Explain the difference before closing', 'note');
    }
    await insertCounts(
      tx,
      rows.map((r) => ({ ...r, shift_id: shift.id, tenant_id: ctx.tenantId })),
    );
    await closeShiftRow(tx, ctx.tenantId, shift.id, {
      closed_by: ctx.actor?.userId ?? null,
      closed_at: ctx.now,
      close_note: input.note,
    });
    const report: ShiftReport = await shiftReport(tx, ctx.tenantId, shift.id, ctx.now);
    return {
      result: report,
      entity: { type: 'shift', id: shift.id },
      before: { status: 'open' },
      after: { status: 'closed', counts: report.counts, note: input.note },
    };
  },
});

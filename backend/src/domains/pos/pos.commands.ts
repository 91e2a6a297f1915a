/**
 * Point-of-sale commands. A sale is one command: sale, lines, payments,
 * receipt number, stock movements, audit entry and op in one transaction
 * (ARCHITECTURE §3); its input carries the ids of every row it creates, and
 * movement ids derive from line ids, so a replay on the hub makes the same rows.
 * Offline sales are always accepted: stock never blocks a sale.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
  parkedCartRequest,
  posSettingsUpdateRequest,
  type RefundView,
  refundLineRequest,
  refundRequest,
  toMilli,
} from '../../contract/index.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { allocate, proportionalShare } from '../../core/money.js';
import { nextNumber } from '../../core/numbering.js';
import { type CommandContext, command, isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { creditRefundedSale } from '../invoicing/refund-credit.js';
import { openShiftFor } from '../shifts/shifts.queries.js';
import { applyMovement, derivedId } from '../stock/stock.ledger.js';
import {
  defaultLocationId,
  deleteParked,
  findParked,
  findSale,
  idTaken,
  insertParked,
  insertRefund,
  memberRole,
  refundedPerLine,
  refundedPerMethod,
  registerShifts,
  saleLines,
  salePayments,
  trackedProducts,
  upsertSettings,
} from './pos.queries.js';
import { bad, distinct } from './pos.sale.js';
import { posSettings, refundView } from './pos.views.js';

type Tx = Transaction<DB>;

// ——— settings ———

export const updateSettings = command({
  name: 'pos.settings.update',
  permission: 'business.manage',
  input: posSettingsUpdateRequest,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await posSettings(tx, ctx.tenantId);
    await upsertSettings(tx, {
      tenant_id: ctx.tenantId,
      prices: input.prices ?? before.prices,
      rounding: input.rounding ?? before.rounding,
      staff_max_discount_bp: input.staffMaxDiscountBp ?? before.staffMaxDiscountBp,
      refund_approval_limit: input.refundApprovalLimit ?? before.refundApprovalLimit,
      extra_payment_methods: JSON.stringify(input.extraPaymentMethods ?? before.extraPaymentMethods),
      updated_at: ctx.now,
    });
    const after = await posSettings(tx, ctx.tenantId);
    return { result: after, entity: { type: 'pos_settings', id: ctx.tenantId }, before, after };
  },
});

export { recordSale, recordSaleInput } from './pos.sale.js';

/** Reprinting is audited: a receipt printed twice is worth knowing about. */
export const reprintSale = command({
  name: 'pos.sale.reprint',
  permission: 'sales.record',
  input: z.object({ saleId: z.string().min(1).max(64) }),
  sync: false,
  async handler(tx, input, ctx) {
    const sale = await findSale(tx, ctx.tenantId, { id: input.saleId });
    if (!sale) throw notFound('Sale');
    return { result: null, entity: { type: 'sale', id: sale.id }, after: { reprint: sale.number } };
  },
});

// ——— refunds ———

export const recordRefundInput = z.object({
  id: z.uuid(),
  saleId: z.string().min(1).max(64).optional(),
  receiptNumber: z.string().trim().min(1).max(40).optional(),
  lines: z
    .array(refundLineRequest.omit({ id: true }))
    .min(1)
    .max(500)
    .optional(),
  method: refundRequest.shape.method,
  reason: refundRequest.shape.reason,
  /** The OWNER or ADMIN whose PIN the route verified on this register. */
  approvedBy: z.string().min(1).max(64).nullable(),
  /**
   * Set by the command, for its op: the shift the register recorded the refund in. A manager may
   * close that shift from another register or the hub while this one works offline; the refund's
   * money still left the drawer in it, so the hub files it there, as a sale (`soldAs.shiftId`).
   * Absent in ops of consoles before 2026-12-07 (the register's open shift) and ignored live.
   */
  shiftId: z.string().max(64).optional(),
});

type RecordRefundInput = z.output<typeof recordRefundInput>;

/** Who may approve a refund over the limit (and refunds over it without a PIN). */
export const APPROVER_ROLES: ReadonlySet<string> = new Set(['OWNER', 'ADMIN']);

/**
 * The one refusal of an approval that names no active OWNER or ADMIN of the business: a PIN that is
 * not one's (the route), or an approver who is not one when the refund is recorded (live) or was
 * never one (the hub's replay). The refund screen keeps its approval dialog open on it.
 */
export const approvalPinInvalid = () =>
  new DomainError('approval-pin-invalid', 403, 'That PIN is not an owner’s or admin’s', 'approvalPin');

const sum = (values: Iterable<number>) => [...values].reduce((a, v) => a + v, 0);

export const recordRefund = command({
  name: 'pos.refund.record',
  permission: 'sales.record',
  input: recordRefundInput,
  sync: { arbitration: 'accept' },
  async handler(
    tx,
    input,
    ctx,
  ): Promise<{
    result: RefundView;
    opInput: RecordRefundInput;
    entity: { type: string; id: string };
    after: unknown;
  }> {
    const by = input.saleId !== undefined ? { id: input.saleId } : { number: input.receiptNumber ?? '' };
    const sale = await findSale(tx, ctx.tenantId, by);
    if (!sale) throw notFound('Sale');
    if (await idTaken(tx, 'refunds', [input.id])) {
      throw conflict('id-taken', 'A refund with this id already exists; retry without it', 'id');
    }
    const sold = await saleLines(tx, ctx.tenantId, sale.id);
    const refunded = await refundedPerLine(tx, ctx.tenantId, sale.id);
    const remaining = (lineId: string, qty: number) => qty - (refunded.get(lineId) ?? 0);
    const requested =
      input.lines?.map((l) => ({
        saleLineId: l.saleLineId,
        qtyMilli: toMilli(l.qty),
        disposition: l.disposition,
      })) ??
      sold
        .filter((l) => remaining(l.id, Number(l.qty_milli)) > 0)
        .map((l) => ({
          saleLineId: l.id,
          qtyMilli: remaining(l.id, Number(l.qty_milli)),
          disposition: 'return' as const,
        }));
    if (requested.length === 0) {
      throw conflict('refund-exceeds-sold', 'Everything on this receipt has already been refunded', 'lines');
    }
    if (!distinct(requested.map((r) => r.saleLineId))) {
      throw bad('line-duplicate', 'Name each receipt line once', 'lines');
    }

    const lines = requested.map((r, i) => {
      const line = sold.find((l) => l.id === r.saleLineId);
      if (!line) throw bad('sale-line-unknown', 'That line is not on this receipt', `lines.${i}.saleLineId`);
      const qty = Number(line.qty_milli);
      const before = refunded.get(line.id) ?? 0;
      if (r.qtyMilli > qty - before) {
        throw conflict(
          'refund-exceeds-sold',
          `Only ${(qty - before) / 1000} of this line can still be refunded`,
          `lines.${i}.qty`,
        );
      }
      // (A line an older console sold in part of a unit may still be refunded in parts.)
      if (line.unit === 'unit' && r.qtyMilli % 1000 !== 0 && qty % 1000 === 0 && !isReplay(ctx)) {
        throw bad('quantity-not-whole', 'This product is sold in whole units', `lines.${i}.qty`);
      }
      const total = proportionalShare(Number(line.total), before, before + r.qtyMilli, qty);
      const tax = proportionalShare(Number(line.tax), before, before + r.qtyMilli, qty);
      return {
        ...r,
        line,
        id: derivedId(`refund-line:${input.id}:${line.id}`),
        total,
        tax,
        base: total - tax,
      };
    });
    const total = lines.reduce((a, l) => a + l.total, 0);
    const tax = lines.reduce((a, l) => a + l.tax, 0);

    // Recorded live, a refund belongs to this register's open shift, so its cash is in a Z report.
    // (A pushed op replays as its console recorded it: in the shift it names, if that is this
    // register's, open or closed since elsewhere; else, as before, the register's open shift.)
    const shiftId = await refundShift(tx, ctx, input.shiftId);
    if (!shiftId && !isReplay(ctx)) {
      throw conflict('shift-not-open', 'Open a shift on this register before refunding');
    }

    const settings = await posSettings(tx, ctx.tenantId);
    const actorApproves = ctx.actor !== null && APPROVER_ROLES.has(ctx.actor.role);
    // Live, the limit is on what the receipt has given back in all (that this register knows of),
    // so splitting a refund needs the PIN too. A pushed refund was held to that on its register,
    // which may not have seen another register's refunds: the hub checks the refund alone.
    const live = !isReplay(ctx);
    const refundedBefore = live ? sum((await refundedPerMethod(tx, ctx.tenantId, sale.id)).values()) : 0;
    if (refundedBefore + total > settings.refundApprovalLimit && !actorApproves) {
      if (!input.approvedBy) {
        throw new DomainError(
          'approval-required',
          403,
          'Refunds over the limit need an owner or admin PIN',
          'approvalPin',
        );
      }
      // Live, the approver must be an active owner or admin now. On replay the register verified
      // the PIN when the refund was made and the cash left the drawer: an approver the office let go
      // since still approved it, with the role their membership keeps (as the hub does for authors,
      // docs/decisions.md "Offline work is judged by when it was made").
      const role = live
        ? await memberRole(tx, ctx.tenantId, input.approvedBy)
        : await formerOrPresentRole(tx, ctx.tenantId, input.approvedBy);
      if (!role || !APPROVER_ROLES.has(role)) throw approvalPinInvalid();
    }

    // What earlier refunds gave back is taken off each method's share: those of this register,
    // which its console and the hub's replay both know, so the two split alike.
    const givenBack = await refundedPerMethod(tx, ctx.tenantId, sale.id, ctx.deviceId);
    const payments = await refundPaymentsFor(tx, ctx.tenantId, sale, input.method, total, givenBack);
    const number = await nextNumber(tx, ctx, 'R');

    const tracked = await trackedProducts(
      tx,
      ctx.tenantId,
      lines.map((l) => l.line.product_id),
    );
    const locationId = await defaultLocationId(tx, ctx.tenantId);
    const movementIds = new Map<string, string>();
    for (const l of lines) {
      if (l.disposition !== 'return' || !tracked.has(l.line.product_id) || !locationId) continue;
      const movementId = derivedId(`refund-line-movement:${l.id}`);
      await applyMovement(tx, ctx, {
        id: movementId,
        productId: l.line.product_id,
        locationId,
        qtyMilli: l.qtyMilli,
        reason: 'return',
        unitCost: tracked.get(l.line.product_id) ?? null,
        refType: 'refund',
        refId: input.id,
      });
      movementIds.set(l.id, movementId);
    }

    await insertRefund(
      tx,
      {
        id: input.id,
        tenant_id: ctx.tenantId,
        device_id: ctx.deviceId,
        sale_id: sale.id,
        shift_id: shiftId,
        number,
        base: total - tax,
        tax,
        total,
        reason: input.reason,
        actor_id: ctx.actor?.userId ?? null,
        approved_by: input.approvedBy,
        created_at: ctx.now,
        op_id: ctx.opId,
      },
      lines.map((l) => ({
        id: l.id,
        tenant_id: ctx.tenantId,
        refund_id: input.id,
        sale_line_id: l.line.id,
        qty_milli: l.qtyMilli,
        base: l.base,
        tax: l.tax,
        total: l.total,
        disposition: l.disposition,
        movement_id: movementIds.get(l.id) ?? null,
      })),
      payments.map((p) => ({
        id: derivedId(`refund-payment:${input.id}:${p.method}`),
        tenant_id: ctx.tenantId,
        refund_id: input.id,
        method: p.method,
        amount: p.amount,
      })),
    );
    // An invoiced sale's invoice is credited for what came back, in this transaction.
    const creditNote = await creditRefundedSale(tx, ctx, input.id);
    const view = await refundView(tx, ctx.tenantId, input.id);
    return {
      result: view,
      // The op carries the shift the refund was made in, for the hub's replay.
      opInput: { ...input, ...(shiftId ? { shiftId } : {}) },
      entity: { type: 'refund', id: input.id },
      after: {
        number,
        sale: sale.number,
        total,
        approvedBy: input.approvedBy,
        ...(creditNote ? { creditNote } : {}),
      },
    };
  },
});

/**
 * The shift a refund goes into: live, the register's open one. Replayed, the one its op names when
 * that is this register's shift, even if a manager closed it elsewhere meanwhile (the refund was
 * made while it was open there); otherwise the register's open shift, or none.
 */
async function refundShift(tx: Tx, ctx: CommandContext, recorded: string | undefined) {
  if (isReplay(ctx) && recorded !== undefined) {
    const [mine] = await registerShifts(tx, ctx.tenantId, ctx.deviceId, [recorded]);
    if (mine !== undefined) return mine;
  }
  return (await openShiftFor(tx, ctx.tenantId, ctx.deviceId))?.id ?? null;
}

/**
 * The role of a member of the business whatever their membership's status now (a membership is
 * never deleted, only marked, so its row keeps the last role); undefined for someone who never was one.
 */
async function formerOrPresentRole(tx: Tx, tenantId: string, userId: string) {
  const row = await tx
    .selectFrom('memberships')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

/**
 * Cash refunds go out of the drawer. 'original' splits the refund over what each method
 * actually paid (cash net of change) less what `refundedBefore` gave back to it, largest
 * remainder first, so the parts sum exactly and no method gets back more than it paid.
 */
async function refundPaymentsFor(
  tx: Tx,
  tenantId: string,
  sale: { id: string; change: number },
  method: 'original' | 'cash',
  total: number,
  refundedBefore: ReadonlyMap<string, number>,
) {
  if (total === 0) return [];
  if (method === 'cash') return [{ method: 'cash', amount: total }];
  const paid = new Map<string, number>();
  for (const p of await salePayments(tx, tenantId, sale.id)) {
    paid.set(p.method, (paid.get(p.method) ?? 0) + Number(p.amount));
  }
  if (paid.has('cash')) paid.set('cash', (paid.get('cash') ?? 0) - Number(sale.change));
  for (const [m, amount] of refundedBefore) paid.set(m, (paid.get(m) ?? 0) - amount);
  const methods = [...paid.keys()].filter((m) => (paid.get(m) ?? 0) > 0);
  const parts = allocate(
    total,
    methods.map((m) => paid.get(m) ?? 0),
  );
  return methods.map((m, i) => ({ method: m, amount: parts[i] ?? 0 })).filter((p) => p.amount > 0);
}

// ——— parked carts (this register's only: not synced) ———

export const parkCart = command({
  name: 'pos.cart.park',
  permission: 'sales.record',
  input: parkedCartRequest.extend({ id: z.uuid() }),
  sync: false,
  async handler(tx, input, ctx) {
    if (await idTaken(tx, 'parked_carts', [input.id])) {
      throw conflict('id-taken', 'A parked cart with this id already exists', 'id');
    }
    await insertParked(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      device_id: ctx.deviceId,
      label: input.label,
      cart: JSON.stringify(input.cart),
      actor_id: ctx.actor?.userId ?? null,
      created_at: ctx.now,
    });
    return { result: input.id, entity: { type: 'parked_cart', id: input.id }, after: { label: input.label } };
  },
});

/** Resuming and discarding both take the cart off the register's list. */
export const unparkCart = command({
  name: 'pos.cart.unpark',
  permission: 'sales.record',
  input: z.object({ id: z.string().min(1).max(64) }),
  sync: false,
  async handler(tx, input, ctx) {
    const row = await findParked(tx, ctx.tenantId, ctx.deviceId, input.id);
    if (!row) throw notFound('Parked cart');
    await deleteParked(tx, ctx.tenantId, ctx.deviceId, input.id);
    const view = {
      id: row.id,
      label: row.label,
      cart: JSON.parse(row.cart) as z.output<typeof parkedCartRequest>['cart'],
      actorId: row.actor_id,
      createdAt: row.created_at,
    };
    return { result: view, entity: { type: 'parked_cart', id: row.id }, before: { label: row.label } };
  },
});

/** Pure purchasing rules: status transitions, line totals and cost methods. */
import { type PurchaseOrderStatus, purchaseLineTotal } from '../../contract/index.js';
import { DomainError } from '../../core/errors.js';

export type OrderAction = 'edit' | 'send' | 'resend' | 'receive' | 'close' | 'cancel';

/**
 * Which statuses each action starts from. A draft is edited, sent or
 * cancelled; a sent order is received, closed short or cancelled; a
 * partially received one is received further or closed short; a received
 * one is closed. Closed and cancelled are final.
 */
const ALLOWED_FROM: Record<OrderAction, readonly PurchaseOrderStatus[]> = {
  edit: ['draft'],
  send: ['draft'],
  resend: ['sent'],
  receive: ['sent', 'partially_received'],
  close: ['sent', 'partially_received', 'received'],
  cancel: ['draft', 'sent'],
};

export function assertTransition(status: PurchaseOrderStatus, action: OrderAction): void {
  if (ALLOWED_FROM[action].includes(status)) return;
  if (action === 'edit') {
    throw new DomainError('order-not-draft', 409, 'Only a draft purchase order can be edited');
  }
  throw new DomainError(
    'invalid-status-transition',
    409,
    `A purchase order that is ${status.replace('_', ' ')} cannot be ${ACTION_PAST[action]}`,
  );
}

const ACTION_PAST: Record<OrderAction, string> = {
  edit: 'edited',
  send: 'sent',
  resend: 'sent again',
  receive: 'received',
  close: 'closed',
  cancel: 'cancelled',
};

/**
 * Integer division rounding half up, exact for any size (BigInt): money in
 * minor units never passes through a float.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n || numerator < 0n) throw new Error('divideHalfUp takes a non-negative ratio');
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** A line's total in minor units: qty (thousandths) × unit cost / 1000, rounded half up (shared with the renderer). */
export const lineTotal = purchaseLineTotal;

/**
 * Moving average cost after receiving `qtyMilli` at `unitCost`, weighted by
 * the on hand before the receipt. A negative on hand (sold before it was
 * received) counts as zero: those units already left at whatever cost, and
 * a negative weight would push the average away from anything paid.
 * Rounded half up to the minor unit.
 */
export function movingAverageCost(args: {
  onHandBeforeMilli: number;
  averageCost: number;
  qtyMilli: number;
  unitCost: number;
}): number {
  const before = BigInt(Math.max(0, args.onHandBeforeMilli));
  const qty = BigInt(args.qtyMilli);
  return divideHalfUp(before * BigInt(args.averageCost) + qty * BigInt(args.unitCost), before + qty);
}

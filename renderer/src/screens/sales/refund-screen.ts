import type { Problem, RefundView } from '../../contract';

/** One way the money of a refund goes back, as the cashier reads it: "Efectivo 4,00 €". */
export interface RefundPaymentLine {
  method: string;
  label: string;
  amount: string;
}

/** What the done message says about the money: each method's share, and the cash to take out of the drawer. */
export interface RefundMoneyOut {
  /** Cash first (what the cashier hands over), then the other methods in the refund's order; one line per method. */
  lines: RefundPaymentLine[];
  /** The cash to hand back, formatted; null when none of the refund is in cash. */
  cash: string | null;
}

/**
 * The refund's payments by method for the done message. `methodName` is the app's label for a method
 * (useMethodName: cash and card translated, a business's own method by its configured name) and
 * `money` formats minor units in the business's locale.
 */
export function refundMoneyOut(
  payments: RefundView['payments'],
  methodName: (method: string) => string,
  money: (minor: number) => string,
): RefundMoneyOut {
  const perMethod = new Map<string, number>();
  for (const p of payments) perMethod.set(p.method, (perMethod.get(p.method) ?? 0) + p.amount);
  const methods = [...perMethod.keys()]
    .filter((m) => (perMethod.get(m) ?? 0) !== 0)
    .sort((a, b) => Number(b === 'cash') - Number(a === 'cash'));
  const cash = perMethod.get('cash') ?? 0;
  return {
    lines: methods.map((method) => ({
      method,
      label: methodName(method),
      amount: money(perMethod.get(method) ?? 0),
    })),
    cash: cash > 0 ? money(cash) : null,
  };
}

/** Where a failed refund's problem is shown. */
export type RefundFailure =
  /** Over the limit: ask for an owner's or admin's PIN. */
  | { show: 'ask-pin' }
  /** A problem with the PIN typed in the approval dialog: shown there, the dialog stays open. */
  | { show: 'pin'; code: string }
  /**
   * Anything else: on the form (a line's quantity field, or the form's alert). When the dialog was
   * open it closes, else the problem would sit hidden behind it and Approve would seem to do nothing.
   */
  | { show: 'form'; at: string; code: string; closeDialog: boolean };

/**
 * Sorts a refund's problem. PIN problems stay in the approval dialog, where the cashier is typing:
 * the PIN is not an approver's, it is not 4 to 6 digits (the client's or the server's validation
 * on `approvalPin`), or too many wrong PINs (429). Anything else (another register refunded the
 * line meanwhile, the shift closed, the network failed) is not fixed by another PIN: it goes to
 * the form, on the line it names (`lines.N.…` → that line's sale line id) or its alert ('form').
 */
export function refundFailure(problem: Problem, lineIds: readonly string[], withPin: boolean): RefundFailure {
  if (problem.code === 'approval-required') return { show: 'ask-pin' };
  if (withPin) {
    if (
      problem.code === 'approval-pin-invalid' ||
      problem.code === 'approval-invalid' ||
      problem.code === 'rate-limited'
    ) {
      return { show: 'pin', code: problem.code };
    }
    const onPin =
      problem.field === 'approvalPin' || (problem.errors ?? []).some((e) => e.field === 'approvalPin');
    if (problem.code === 'validation-failed' && onPin) return { show: 'pin', code: 'pin-format' };
  }
  const line = /^lines\.(\d+)\./.exec(problem.field ?? '')?.[1];
  const lineId = line === undefined ? undefined : lineIds[Number(line)];
  return { show: 'form', at: lineId ?? 'form', code: problem.code, closeDialog: withPin };
}

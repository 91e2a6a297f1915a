/** Split tenders at the till: what is still due, what cash is handed back. Integer minor units. */

export interface Tender {
  id: string;
  method: string;
  amount: number;
  /** Cash only: what the customer handed over (≥ amount); the difference is change. */
  tendered?: number;
  reference?: string;
}

/** Amount still to pay after the tenders so far; never negative. */
export function remainingDue(total: number, tenders: readonly Pick<Tender, 'amount'>[]): number {
  const paid = tenders.reduce((sum, t) => sum + t.amount, 0);
  return Math.max(total - paid, 0);
}

/**
 * Cash handed over against what is due in cash: the amount that counts towards the sale and the
 * change to give back. Short cash counts in full and leaves the rest due.
 */
export function cashTender(due: number, tendered: number): { amount: number; change: number } {
  if (tendered <= due) return { amount: tendered, change: 0 };
  return { amount: due, change: tendered - due };
}

/** The change for the whole sale: cash handed over beyond what the cash tenders count for. */
export function changeOf(tenders: readonly Tender[]): number {
  return tenders.reduce((sum, t) => sum + Math.max((t.tendered ?? t.amount) - t.amount, 0), 0);
}

/** Whether the tenders pay the sale in full (a sale is recorded only when fully paid). */
export function fullyPaid(total: number, tenders: readonly Pick<Tender, 'amount'>[]): boolean {
  return remainingDue(total, tenders) === 0 && tenders.length > 0;
}

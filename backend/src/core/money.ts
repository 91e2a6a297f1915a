/**
 * Exact money arithmetic for carts, sales, refunds and invoices (ARCHITECTURE §money).
 *
 * Amounts are integers in minor units of the business's currency, quantities are
 * thousandths (`qtyMilli`), tax rates and percentages are basis points (2100 = 21 %).
 * Every intermediate product is computed with BigInt, so no float ever touches money;
 * results are returned as numbers and must be safe integers (else `RangeError('amount-too-large')`).
 *
 * Rounding rule: every division rounds to the nearest minor unit; exact halves round
 * HALF-EVEN (banker's rounding) by default, or HALF-UP (away from zero) when
 * `roundingMode: 'half-up'` is chosen. Nothing else ever rounds.
 *
 * Order of operations for a cart:
 *  1. line gross   = round(unitPrice × qtyMilli / 1000)
 *  2. line discount: an amount (≤ gross) or round(gross × bp / 10 000)
 *  3. cart discount: an amount (≤ Σ lines after their discounts) or round(Σ × bp / 10 000),
 *     allocated across lines proportionally to their amounts with the largest-remainder
 *     method, so the allocations sum to the cart discount exactly
 *  4. tax per line from its rate, in the tenant's price mode:
 *     - exclusive: tax = amount × rate, line total = amount + tax
 *     - inclusive: line total = amount, base = amount / (1 + rate), tax = total − base
 *     With scope 'line' each line's tax is rounded on its own. With scope 'total' the tax is
 *     rounded once per rate over the summed amounts of that rate, then allocated back to the
 *     lines by largest remainder (so line taxes still sum exactly to the rate's tax).
 *
 * Invariants (property-tested in money.test.ts): Σ line totals = cart total; Σ breakdown
 * tax = Σ line tax = cart tax; nothing is negative; allocations sum exactly. Converting an
 * exclusive cart's line totals into inclusive prices gives back the same bases and taxes
 * exactly; the other way round the totals agree within 1 minor unit per line (scope 'line')
 * or per rate (scope 'total'), because the inclusive base was itself rounded once.
 */

export type RoundingMode = 'half-even' | 'half-up';
export type PriceMode = 'inclusive' | 'exclusive';
export type RoundingScope = 'line' | 'total';

export type Discount = { kind: 'amount'; amount: number } | { kind: 'percent'; bp: number };

export interface PricingRules {
  prices: PriceMode;
  rounding: RoundingScope;
  roundingMode?: RoundingMode;
}

export interface CartLineInput {
  unitPrice: number;
  qtyMilli: number;
  taxRateBp: number;
  discount?: Discount | null;
}

export interface PricedLine {
  taxRateBp: number;
  /** unit price × quantity, in the price mode (tax included when prices are inclusive). */
  gross: number;
  lineDiscount: number;
  cartDiscount: number;
  /** gross − both discounts: what the line charges, in the price mode. */
  amount: number;
  /** The taxable base (amount without tax). */
  base: number;
  tax: number;
  /** What the customer pays for the line, tax included. */
  total: number;
}

export interface TaxBreakdownRow {
  taxRateBp: number;
  base: number;
  tax: number;
  total: number;
}

export interface PricedCart {
  lines: PricedLine[];
  /** Σ line gross. */
  subtotal: number;
  lineDiscounts: number;
  cartDiscount: number;
  base: number;
  tax: number;
  total: number;
  /** One row per tax rate, ascending by rate. */
  taxes: TaxBreakdownRow[];
}

const BP = 10_000n;

/** Rounds num/den (den > 0) to an integer under the rounding rule. */
export function roundDiv(num: bigint, den: bigint, mode: RoundingMode = 'half-even'): bigint {
  if (den <= 0n) throw new RangeError('division-by-non-positive');
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twiceRem = (n % den) * 2n;
  if (twiceRem > den || (twiceRem === den && (mode === 'half-up' || q % 2n === 1n))) q += 1n;
  return negative ? -q : q;
}

function toNumber(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError('amount-too-large');
  return n;
}

function assertAmount(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what}-invalid`);
}

/** unit price × quantity (thousandths), rounded to minor units. */
export function lineGross(unitPrice: number, qtyMilli: number, mode: RoundingMode = 'half-even'): number {
  assertAmount(unitPrice, 'unit-price');
  assertAmount(qtyMilli, 'quantity');
  return toNumber(roundDiv(BigInt(unitPrice) * BigInt(qtyMilli), 1000n, mode));
}

/** The discount a line or cart gets on `amount`; throws `discount-exceeds-amount` when larger than it. */
export function discountAmount(
  amount: number,
  discount: Discount | null | undefined,
  mode: RoundingMode = 'half-even',
): number {
  if (!discount) return 0;
  if (discount.kind === 'amount') {
    assertAmount(discount.amount, 'discount');
    if (discount.amount > amount) throw new RangeError('discount-exceeds-amount');
    return discount.amount;
  }
  if (!Number.isInteger(discount.bp) || discount.bp < 0 || discount.bp > 10_000) {
    throw new RangeError('discount-invalid');
  }
  return toNumber(roundDiv(BigInt(amount) * BigInt(discount.bp), BP, mode));
}

/**
 * Splits `total` across `weights` proportionally, largest remainder first (ties to the
 * earlier index), so the parts are non-negative and sum to `total` exactly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertAmount(total, 'allocation');
  const sum = weights.reduce((a, w) => {
    assertAmount(w, 'weight');
    return a + BigInt(w);
  }, 0n);
  if (sum === 0n) {
    if (total !== 0) throw new RangeError('allocation-without-weight');
    return weights.map(() => 0);
  }
  const t = BigInt(total);
  const parts = weights.map((w) => (t * BigInt(w)) / sum);
  const rems = weights.map((w, i) => ({ i, rem: (t * BigInt(w)) % sum }));
  let left = t - parts.reduce((a, p) => a + p, 0n);
  rems.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) {
    const r = rems[k];
    if (r) parts[r.i] = (parts[r.i] ?? 0n) + 1n;
  }
  return parts.map(toNumber);
}

/**
 * The share of `amount` for the running quantity `toQty` out of `whole`, taken as a
 * difference of cumulative roundings: successive partial refunds of one line sum exactly
 * to the line's amount once the whole quantity is refunded.
 */
export function proportionalShare(
  amount: number,
  fromQty: number,
  toQty: number,
  whole: number,
  mode: RoundingMode = 'half-even',
): number {
  assertAmount(amount, 'amount');
  if (whole <= 0 || fromQty < 0 || toQty < fromQty || toQty > whole) throw new RangeError('share-invalid');
  const at = (q: number) => roundDiv(BigInt(amount) * BigInt(q), BigInt(whole), mode);
  return toNumber(at(toQty) - at(fromQty));
}

/** Tax contained in a tax-inclusive amount. */
function inclusiveTax(amount: bigint, rateBp: bigint, mode: RoundingMode): bigint {
  return amount - roundDiv(amount * BP, BP + rateBp, mode);
}

/** Tax added on top of a tax-exclusive amount. */
function exclusiveTax(amount: bigint, rateBp: bigint, mode: RoundingMode): bigint {
  return roundDiv(amount * rateBp, BP, mode);
}

/** Prices a cart under the tenant's rules; see the module comment for the order of operations. */
export function priceCart(
  lines: readonly CartLineInput[],
  cartDiscount: Discount | null | undefined,
  rules: PricingRules,
): PricedCart {
  const mode = rules.roundingMode ?? 'half-even';
  const gross = lines.map((l) => {
    if (!Number.isInteger(l.taxRateBp) || l.taxRateBp < 0 || l.taxRateBp > 10_000) {
      throw new RangeError('tax-rate-invalid');
    }
    return lineGross(l.unitPrice, l.qtyMilli, mode);
  });
  const lineDisc = lines.map((l, i) => discountAmount(gross[i] ?? 0, l.discount, mode));
  const afterLine = gross.map((g, i) => g - (lineDisc[i] ?? 0));
  const cartDisc = discountAmount(
    afterLine.reduce((a, b) => a + b, 0),
    cartDiscount,
    mode,
  );
  const cartAlloc = allocate(cartDisc, afterLine);
  const amounts = afterLine.map((a, i) => a - (cartAlloc[i] ?? 0));

  const taxes = lineTaxes(amounts, lines, rules.prices, rules.rounding, mode);
  const priced: PricedLine[] = lines.map((l, i) => {
    const amount = amounts[i] ?? 0;
    const tax = taxes[i] ?? 0;
    const total = rules.prices === 'inclusive' ? amount : amount + tax;
    return {
      taxRateBp: l.taxRateBp,
      gross: gross[i] ?? 0,
      lineDiscount: lineDisc[i] ?? 0,
      cartDiscount: cartAlloc[i] ?? 0,
      amount,
      base: total - tax,
      tax,
      total,
    };
  });
  return summarize(priced, cartDisc);
}

function lineTaxes(
  amounts: number[],
  lines: readonly CartLineInput[],
  prices: PriceMode,
  scope: RoundingScope,
  mode: RoundingMode,
): number[] {
  const taxOf = prices === 'inclusive' ? inclusiveTax : exclusiveTax;
  if (scope === 'line') {
    return amounts.map((a, i) => toNumber(taxOf(BigInt(a), BigInt(lines[i]?.taxRateBp ?? 0), mode)));
  }
  const result = amounts.map(() => 0);
  const byRate = new Map<number, number[]>();
  lines.forEach((l, i) => {
    byRate.set(l.taxRateBp, [...(byRate.get(l.taxRateBp) ?? []), i]);
  });
  for (const [rate, idx] of byRate) {
    const sum = idx.reduce((a, i) => a + BigInt(amounts[i] ?? 0), 0n);
    const tax = toNumber(taxOf(sum, BigInt(rate), mode));
    const parts = allocate(
      tax,
      idx.map((i) => amounts[i] ?? 0),
    );
    idx.forEach((i, k) => {
      result[i] = parts[k] ?? 0;
    });
  }
  return result;
}

/** Totals and the per-rate breakdown of already-priced lines (also used for refunds). */
export function summarize(lines: PricedLine[], cartDiscount: number): PricedCart {
  const sum = (f: (l: PricedLine) => number, ls: PricedLine[] = lines) =>
    toNumber(ls.reduce((a, l) => a + BigInt(f(l)), 0n));
  const rates = [...new Set(lines.map((l) => l.taxRateBp))].sort((a, b) => a - b);
  return {
    lines,
    subtotal: sum((l) => l.gross),
    lineDiscounts: sum((l) => l.lineDiscount),
    cartDiscount,
    base: sum((l) => l.base),
    tax: sum((l) => l.tax),
    total: sum((l) => l.total),
    taxes: rates.map((rate) => {
      const ls = lines.filter((l) => l.taxRateBp === rate);
      return {
        taxRateBp: rate,
        base: sum((l) => l.base, ls),
        tax: sum((l) => l.tax, ls),
        total: sum((l) => l.total, ls),
      };
    }),
  };
}

export type TenderResult =
  | { ok: true; paid: number; change: number }
  | { ok: false; reason: 'short' | 'overpaid-without-cash'; paid: number };

/**
 * Settles a split tender against a total. Only cash can be handed back, so change is what
 * cash pays beyond the part the other methods leave due; other methods may not exceed the total.
 */
export function settleTender(
  total: number,
  payments: readonly { method: string; amount: number }[],
): TenderResult {
  let cash = 0n;
  let other = 0n;
  for (const p of payments) {
    assertAmount(p.amount, 'payment');
    if (p.method === 'cash') cash += BigInt(p.amount);
    else other += BigInt(p.amount);
  }
  const t = BigInt(total);
  const paid = toNumber(cash + other);
  if (cash + other < t) return { ok: false, reason: 'short', paid };
  if (other > t) return { ok: false, reason: 'overpaid-without-cash', paid };
  return { ok: true, paid, change: toNumber(cash + other - t) };
}

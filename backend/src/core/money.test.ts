import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/seeded.js';
import {
  allocate,
  type CartLineInput,
  type Discount,
  discountAmount,
  lineGross,
  type PricingRules,
  priceCart,
  proportionalShare,
  roundDiv,
  settleTender,
} from './money.js';

/** mulberry32: a small seeded PRNG so every failing cart can be replayed. */
function prng(seed: number) {
  const next = seeded(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  return { next, int, pick };
}

const RATES = [0, 400, 1000, 1050, 2100, 2500, 10_000] as const;
const ALL_RULES: PricingRules[] = [];
for (const prices of ['inclusive', 'exclusive'] as const)
  for (const rounding of ['line', 'total'] as const)
    for (const roundingMode of ['half-even', 'half-up'] as const)
      ALL_RULES.push({ prices, rounding, roundingMode });

function randomCart(r: ReturnType<typeof prng>) {
  const lines: CartLineInput[] = Array.from({ length: r.int(1, 8) }, () => {
    const unitPrice = r.pick([r.int(0, 500), r.int(1, 20_000), r.int(1, 5_000_000)]);
    const qtyMilli = r.pick([1000, r.int(1, 20) * 1000, r.int(1, 5_000)]);
    const gross = lineGross(unitPrice, qtyMilli);
    const discount: Discount | null = r.pick([
      null,
      null,
      { kind: 'percent', bp: r.int(0, 10_000) },
      { kind: 'amount', amount: r.int(0, gross) },
    ]);
    return { unitPrice, qtyMilli, taxRateBp: r.pick(RATES), discount };
  });
  const cart: Discount | null = r.pick([
    null,
    { kind: 'percent', bp: r.int(0, 5_000) },
    { kind: 'amount', amount: r.int(0, 300) },
  ]);
  return { lines, cart };
}

function safeCartDiscount(lines: CartLineInput[], cart: Discount | null, rules: PricingRules) {
  const afterLines = priceCart(lines, null, rules).lines.reduce((a, l) => a + l.amount, 0);
  if (cart?.kind === 'amount' && cart.amount > afterLines)
    return { kind: 'amount', amount: afterLines } as const;
  return cart;
}

describe('roundDiv', () => {
  it('rounds exact halves to even by default and away from zero under half-up', () => {
    expect([5n, 15n, 25n, -5n, -15n].map((n) => roundDiv(n, 10n))).toEqual([0n, 2n, 2n, 0n, -2n]);
    expect([5n, 15n, 25n, -5n].map((n) => roundDiv(n, 10n, 'half-up'))).toEqual([1n, 2n, 3n, -1n]);
    expect(roundDiv(14n, 10n)).toBe(1n);
    expect(roundDiv(16n, 10n)).toBe(2n);
  });
});

describe('priceCart', () => {
  it('prices a worked exclusive example with per-line rounding', () => {
    const cart = priceCart(
      [
        { unitPrice: 199, qtyMilli: 3000, taxRateBp: 2100 },
        { unitPrice: 1250, qtyMilli: 1500, taxRateBp: 1000, discount: { kind: 'percent', bp: 1000 } },
      ],
      { kind: 'amount', amount: 100 },
      { prices: 'exclusive', rounding: 'line' },
    );
    // 597 and 1875 − 188 (187.5 → 188, even) = 1687; cart 100 split 597:1687 → 26 + 74
    expect(
      cart.lines.map((l) => [l.gross, l.lineDiscount, l.cartDiscount, l.amount, l.tax, l.total]),
    ).toEqual([
      [597, 0, 26, 571, 120, 691],
      [1875, 188, 74, 1613, 161, 1774],
    ]);
    expect(cart.total).toBe(2465);
    expect(cart.taxes).toEqual([
      { taxRateBp: 1000, base: 1613, tax: 161, total: 1774 },
      { taxRateBp: 2100, base: 571, tax: 120, total: 691 },
    ]);
  });

  it('extracts tax from inclusive prices and rounds once per rate under per-total rounding', () => {
    const lines = [1, 2, 3].map(() => ({ unitPrice: 100, qtyMilli: 1000, taxRateBp: 2100 }));
    const perLine = priceCart(lines, null, { prices: 'inclusive', rounding: 'line' });
    const perTotal = priceCart(lines, null, { prices: 'inclusive', rounding: 'total' });
    // 100 / 1.21 = 82.64 → tax 17 per line = 51; 300 / 1.21 = 247.93 → tax 52
    expect(perLine.tax).toBe(51);
    expect(perTotal.tax).toBe(52);
    expect(perTotal.lines.map((l) => l.tax)).toEqual([18, 17, 17]);
    expect(perLine.total).toBe(300);
    expect(perTotal.total).toBe(300);
  });

  it('prices weighed quantities to the nearest minor unit', () => {
    expect(lineGross(1299, 1235)).toBe(1604); // 1604.265
    expect(lineGross(5, 100)).toBe(0); // 0.5 → 0 (even)
    expect(lineGross(5, 100, 'half-up')).toBe(1);
  });

  it('refuses a discount larger than the amount it applies to', () => {
    expect(() => discountAmount(100, { kind: 'amount', amount: 101 })).toThrow('discount-exceeds-amount');
    expect(() =>
      priceCart(
        [{ unitPrice: 100, qtyMilli: 1000, taxRateBp: 0 }],
        { kind: 'amount', amount: 101 },
        {
          prices: 'exclusive',
          rounding: 'line',
        },
      ),
    ).toThrow('discount-exceeds-amount');
  });

  it('keeps totals exact for amounts beyond float precision of the intermediate product', () => {
    const cart = priceCart([{ unitPrice: 999_999_999_999, qtyMilli: 999_999, taxRateBp: 2100 }], null, {
      prices: 'exclusive',
      rounding: 'line',
    });
    expect(cart.lines[0]?.gross).toBe(999_998_999_999_000);
    expect(() => lineGross(999_999_999_999, 999_999_999)).toThrow('amount-too-large');
  });
});

describe('priceCart properties (seeded random carts)', () => {
  const CARTS = 4_000;

  it('line totals sum to the total, taxes to the tax, and nothing is negative', () => {
    const r = prng(20240611);
    for (let n = 0; n < CARTS; n++) {
      const { lines, cart } = randomCart(r);
      const rules = r.pick(ALL_RULES);
      const priced = priceCart(lines, safeCartDiscount(lines, cart, rules), rules);
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const ctx = `cart ${n}`;
      expect(sum(priced.lines.map((l) => l.total)), ctx).toBe(priced.total);
      expect(sum(priced.lines.map((l) => l.tax)), ctx).toBe(priced.tax);
      expect(sum(priced.taxes.map((t) => t.tax)), ctx).toBe(priced.tax);
      expect(sum(priced.taxes.map((t) => t.base)), ctx).toBe(priced.base);
      expect(sum(priced.taxes.map((t) => t.total)), ctx).toBe(priced.total);
      expect(priced.base + priced.tax, ctx).toBe(priced.total);
      expect(sum(priced.lines.map((l) => l.cartDiscount)), ctx).toBe(priced.cartDiscount);
      expect(priced.subtotal - priced.lineDiscounts - priced.cartDiscount, ctx).toBe(
        sum(priced.lines.map((l) => l.amount)),
      );
      for (const l of priced.lines) {
        for (const v of [l.gross, l.lineDiscount, l.cartDiscount, l.amount, l.base, l.tax, l.total]) {
          expect(Number.isSafeInteger(v) && v >= 0, ctx).toBe(true);
        }
        expect(l.base + l.tax, ctx).toBe(l.total);
      }
    }
  });

  it('exclusive line totals re-entered as inclusive prices give back the same bases and taxes', () => {
    const r = prng(7);
    for (let n = 0; n < CARTS; n++) {
      const { lines } = randomCart(r);
      const rounding = r.pick(['line', 'total'] as const);
      const roundingMode = r.pick(['half-even', 'half-up'] as const);
      const plain = lines.map((l) => ({ ...l, discount: null }));
      const ex = priceCart(plain, null, { prices: 'exclusive', rounding, roundingMode });
      const asInclusive = ex.lines.map((l) => ({
        unitPrice: l.total,
        qtyMilli: 1000,
        taxRateBp: l.taxRateBp,
      }));
      const inc = priceCart(asInclusive, null, { prices: 'inclusive', rounding, roundingMode });
      expect(inc.taxes, `cart ${n}`).toEqual(ex.taxes);
      if (rounding === 'line') expect(inc.lines.map((l) => l.tax)).toEqual(ex.lines.map((l) => l.tax));
    }
  });

  it('inclusive prices re-priced as exclusive bases agree within 1 minor unit per line or per rate', () => {
    const r = prng(99);
    for (let n = 0; n < CARTS; n++) {
      const { lines } = randomCart(r);
      const rounding = r.pick(['line', 'total'] as const);
      const plain = lines.map((l) => ({ ...l, discount: null }));
      const inc = priceCart(plain, null, { prices: 'inclusive', rounding });
      if (rounding === 'line') {
        const ex = priceCart(
          inc.lines.map((l) => ({ unitPrice: l.base, qtyMilli: 1000, taxRateBp: l.taxRateBp })),
          null,
          { prices: 'exclusive', rounding },
        );
        ex.lines.forEach((l, i) => {
          expect(Math.abs(l.total - (inc.lines[i]?.total ?? 0)), `cart ${n}`).toBeLessThanOrEqual(1);
        });
      } else {
        for (const row of inc.taxes) {
          const ex = priceCart([{ unitPrice: row.base, qtyMilli: 1000, taxRateBp: row.taxRateBp }], null, {
            prices: 'exclusive',
            rounding,
          });
          expect(Math.abs(ex.total - row.total), `cart ${n}`).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('allocate', () => {
  it('splits exactly by largest remainder, ties to the earlier part', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(100, [597, 1687])).toEqual([26, 74]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
    expect(() => allocate(1, [0, 0])).toThrow('allocation-without-weight');
  });

  it('always sums to the total with non-negative parts (seeded)', () => {
    const r = prng(42);
    for (let n = 0; n < 5_000; n++) {
      const weights = Array.from({ length: r.int(1, 12) }, () => r.int(0, 1_000_000));
      const total = weights.some((w) => w > 0) ? r.int(0, 10_000_000) : 0;
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p, i) => p >= 0 && (weights[i] !== 0 || p === 0))).toBe(true);
    }
  });
});

describe('proportionalShare', () => {
  it('sums successive partial shares exactly to the whole amount', () => {
    const r = prng(5);
    for (let n = 0; n < 2_000; n++) {
      const amount = r.int(0, 1_000_000);
      const whole = r.int(1, 50_000);
      let at = 0;
      let sum = 0;
      while (at < whole) {
        const next = Math.min(whole, at + r.int(1, whole));
        sum += proportionalShare(amount, at, next, whole);
        at = next;
      }
      expect(sum).toBe(amount);
    }
  });
});

describe('settleTender', () => {
  it('computes change from cash over the total and refuses short or over-paid non-cash tenders', () => {
    expect(settleTender(1000, [{ method: 'cash', amount: 2000 }])).toEqual({
      ok: true,
      paid: 2000,
      change: 1000,
    });
    expect(
      settleTender(1000, [
        { method: 'card', amount: 600 },
        { method: 'cash', amount: 500 },
      ]),
    ).toEqual({ ok: true, paid: 1100, change: 100 });
    expect(settleTender(1000, [{ method: 'card', amount: 999 }])).toMatchObject({
      ok: false,
      reason: 'short',
    });
    expect(settleTender(1000, [{ method: 'card', amount: 1001 }])).toMatchObject({
      ok: false,
      reason: 'overpaid-without-cash',
    });
  });
});

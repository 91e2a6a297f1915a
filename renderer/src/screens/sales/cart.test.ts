import { describe, expect, it } from 'vitest';
import {
  asksWeight,
  type Cart,
  type CartProduct,
  cartReducer,
  counterPricing,
  EMPTY_CART,
  itemCount,
  parseWeight,
  previewCart,
} from './cart';

const coffee: CartProduct = { id: 'p1', sku: 'CAF', name: 'Café', unit: 'unit', price: 150, taxRateBp: 1000 };
const cheese: CartProduct = { id: 'p2', sku: 'QUE', name: 'Queso', unit: 'kg', price: 1299, taxRateBp: 1000 };

const run = (...actions: Parameters<typeof cartReducer>[1][]): Cart =>
  actions.reduce(cartReducer, EMPTY_CART);

describe('cartReducer', () => {
  it('adds a product as a new line with quantity 1', () => {
    const cart = run({ type: 'add', product: coffee, lineId: 'l1' });
    expect(cart.lines).toEqual([{ id: 'l1', product: coffee, qty: 1, discount: null }]);
  });

  it('merges a second scan of the same product into its line', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1' },
      { type: 'add', product: cheese, lineId: 'l2', qty: 0.25 },
      { type: 'add', product: coffee, lineId: 'l3' },
    );
    expect(cart.lines.map((l) => [l.id, l.qty])).toEqual([
      ['l1', 2],
      ['l2', 0.25],
    ]);
  });

  it('adds decimal quantities without float drift', () => {
    const cart = run(
      { type: 'add', product: cheese, lineId: 'l1', qty: 0.1 },
      { type: 'add', product: cheese, lineId: 'l2', qty: 0.2 },
    );
    expect(cart.lines[0]?.qty).toBe(0.3);
  });

  it('keeps a discounted line apart when the product is scanned again', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1' },
      { type: 'line-discount', lineId: 'l1', discount: { kind: 'amount', amount: 50 } },
      { type: 'add', product: coffee, lineId: 'l2' },
    );
    expect(cart.lines).toHaveLength(2);
  });

  it("keeps a quote's line at the quote's price apart when the product is scanned again", () => {
    const quoted: Cart = {
      ...EMPTY_CART,
      lines: [{ id: 'q', product: { ...coffee, price: 120 }, qty: 2, discount: null, quoteLineId: 'ql1' }],
      quote: { id: 'quote', number: 'Q-1', prices: 'inclusive' },
    };
    const cart = cartReducer(quoted, { type: 'add', product: coffee, lineId: 'l2' });
    expect(cart.lines.map((l) => [l.id, l.product.price, l.qty])).toEqual([
      ['q', 120, 2],
      ['l2', 150, 1],
    ]);
    expect(cart.quote?.id).toBe('quote');
    expect(cartReducer(cart, { type: 'clear' }).quote).toBeUndefined();
  });

  it('sets a quantity, and removes the line when it is set to zero', () => {
    const edited = run(
      { type: 'add', product: cheese, lineId: 'l1', qty: 0.5 },
      { type: 'set-qty', lineId: 'l1', qty: 1.5 },
    );
    expect(edited.lines[0]?.qty).toBe(1.5);
    expect(cartReducer(edited, { type: 'set-qty', lineId: 'l1', qty: 0 }).lines).toEqual([]);
  });

  it('removes a line and clears the cart', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1' },
      { type: 'add', product: cheese, lineId: 'l2', qty: 0.5 },
    );
    expect(cartReducer(cart, { type: 'remove', lineId: 'l1' }).lines.map((l) => l.id)).toEqual(['l2']);
    expect(cartReducer(cart, { type: 'clear' })).toBe(EMPTY_CART);
  });
});

const inclusive = { prices: 'inclusive', rounding: 'line' } as const;

describe('counterPricing', () => {
  const cart = run({ type: 'add', product: coffee, lineId: 'l1', qty: 2 });

  it('has no rules to price by until the counter settings are known', () => {
    expect(counterPricing(cart, null)).toBeNull();
  });

  it("prices by the business's settings once known", () => {
    expect(counterPricing(cart, { prices: 'exclusive', rounding: 'total' })).toEqual({
      prices: 'exclusive',
      rounding: 'total',
    });
  });

  it("prices a converted quote by the quote's own rules, settings or not", () => {
    const quoted: Cart = { ...cart, quote: { id: 'q', number: 'Q-1', prices: 'exclusive' } };
    expect(counterPricing(quoted, null)).toEqual({ prices: 'exclusive', rounding: 'line' });
    expect(counterPricing(quoted, { prices: 'inclusive', rounding: 'total' })).toEqual({
      prices: 'exclusive',
      rounding: 'line',
    });
  });
});

describe('previewCart', () => {
  it('applies line and cart discounts, amount or percent', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1', qty: 4 },
      { type: 'line-discount', lineId: 'l1', discount: { kind: 'percent', bp: 1000 } },
      { type: 'add', product: cheese, lineId: 'l2', qty: 0.5 },
      { type: 'cart-discount', discount: { kind: 'amount', amount: 100 } },
    );
    const preview = previewCart(cart, inclusive);
    expect(preview.lines.map((l) => l.net)).toEqual([540, 650]);
    expect(preview.subtotal).toBe(1190);
    expect(preview.cartDiscount).toBe(100);
    expect(preview.total).toBe(1090);
  });

  it('never discounts more than the amount', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1' },
      { type: 'cart-discount', discount: { kind: 'amount', amount: 999 } },
    );
    expect(previewCart(cart, inclusive).total).toBe(0);
    // A line discount above its line (the quantity lowered after it was given) is capped too.
    const lowered = run(
      { type: 'add', product: coffee, lineId: 'l1' },
      { type: 'line-discount', lineId: 'l1', discount: { kind: 'amount', amount: 999 } },
    );
    expect(previewCart(lowered, inclusive).lines[0]?.net).toBe(0);
  });

  it('adds tax on top when prices exclude it', () => {
    const cart = run({ type: 'add', product: coffee, lineId: 'l1', qty: 2 });
    expect(previewCart(cart, { prices: 'exclusive', rounding: 'line' }).total).toBe(330);
    expect(previewCart(cart, { prices: 'inclusive', rounding: 'line' }).total).toBe(300);
  });

  it('asks for exactly what the server will check: half-even percentages, tax per line or per total', () => {
    const bun = { ...coffee, id: 'bun', price: 125, taxRateBp: 1000 };
    // 10 % of 1,25 is 0,125: half-even keeps 0,12 off (a half-up preview said 0,13).
    const discounted = run(
      { type: 'add', product: bun, lineId: 'l1' },
      { type: 'line-discount', lineId: 'l1', discount: { kind: 'percent', bp: 1000 } },
    );
    expect(previewCart(discounted, inclusive).total).toBe(113);
    // Three lines of 0,05 at 10 % added tax: 0,005 each rounds to 0 per line (half-even), 0,015 → 0,02 per total.
    const nickel = { ...coffee, id: 'nickel', price: 5, taxRateBp: 1000 };
    const three = run(
      { type: 'add', product: nickel, lineId: 'a' },
      { type: 'add', product: { ...nickel, id: 'n2' }, lineId: 'b' },
      { type: 'add', product: { ...nickel, id: 'n3' }, lineId: 'c' },
    );
    const perLine = previewCart(three, { prices: 'exclusive', rounding: 'line' });
    const perTotal = previewCart(three, { prices: 'exclusive', rounding: 'total' });
    expect(perLine.total).toBe(15);
    expect(perTotal.total).toBe(17);
    expect(perTotal.addedTax).toBe(2);
  });

  it('counts measured lines as one item', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1', qty: 3 },
      { type: 'add', product: cheese, lineId: 'l2', qty: 0.75 },
    );
    expect(itemCount(cart)).toBe(4);
  });
});

describe('scanning a weighed product', () => {
  const ribbon: CartProduct = { id: 'p3', sku: 'CIN', name: 'Cinta', unit: 'm', price: 80, taxRateBp: 2100 };

  it('asks for the weight of a product sold by kg, l or m, and not of one sold by the unit', () => {
    expect([cheese, ribbon, coffee].map(asksWeight)).toEqual([true, true, false]);
  });

  it('never adds 1 kg on its own: a scan without a weight leaves the cart, and its line, as they were', () => {
    const weighed = run({ type: 'add', product: cheese, lineId: 'l1', qty: 0.25 });
    const scanned = cartReducer(weighed, { type: 'add', product: cheese, lineId: 'l2' });
    expect(scanned.lines.map((l) => [l.id, l.qty])).toEqual([['l1', 0.25]]);
    expect(run({ type: 'add', product: cheese, lineId: 'l1' }).lines).toEqual([]);
  });

  it('adds the weight typed for it, to its line', () => {
    const cart = run(
      { type: 'add', product: cheese, lineId: 'l1', qty: 0.25 },
      { type: 'add', product: cheese, lineId: 'l2', qty: 0.35 },
    );
    expect(cart.lines.map((l) => [l.id, l.qty])).toEqual([['l1', 0.6]]);
  });

  it('still adds one more to the line of a product sold by the unit', () => {
    const cart = run(
      { type: 'add', product: coffee, lineId: 'l1' },
      { type: 'add', product: coffee, lineId: 'l2' },
    );
    expect(cart.lines.map((l) => [l.id, l.qty])).toEqual([['l1', 2]]);
  });

  it("reads the weight with the business's decimal separator, refusing none, zero, negatives and a fourth decimal", () => {
    expect(parseWeight('0,350', 'es-ES')).toEqual({ ok: true, qty: 0.35 });
    expect(parseWeight('1.5', 'en-US')).toEqual({ ok: true, qty: 1.5 });
    // Scales print three decimals: typed with either separator it is a weight, never thousands.
    expect(parseWeight('0.250', 'es-ES')).toEqual({ ok: true, qty: 0.25 });
    expect(parseWeight('1.500', 'es-ES')).toEqual({ ok: true, qty: 1.5 });
    expect(parseWeight('2,125', 'en-US')).toEqual({ ok: true, qty: 2.125 });
    expect(parseWeight('0,250', 'es-ES')).toEqual({ ok: true, qty: 0.25 });
    const refused: [string, string][] = [
      ['', 'quantity-not-a-number'],
      ['kilo', 'quantity-not-a-number'],
      ['0', 'quantity-not-positive'],
      ['-0,5', 'quantity-not-positive'],
      ['0,0001', 'quantity-too-precise'],
      ['2000000000', 'quantity-too-large'],
    ];
    for (const [text, code] of refused) expect(parseWeight(text, 'es-ES'), text).toEqual({ ok: false, code });
  });
});

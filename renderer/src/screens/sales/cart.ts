/**
 * The cart at the counter, as a pure reducer. Amounts are integer minor units, quantities
 * decimals with at most 3 places. Totals here are a display-only preview: the server's answer
 * after recording is what the receipt shows.
 */
import { type DiscountInput, positiveQuantity, priceCart, type Unit } from '../../contract';
import { parseQuantityInput, separatorsOf } from '../../decimal-input';

export type Discount = DiscountInput;

export interface CartProduct {
  id: string;
  sku: string;
  name: string;
  unit: Unit;
  price: number;
  taxRateBp: number;
}

export interface CartLine {
  /** Client-made id, sent as the sale line's id so a retried record is the same line. */
  id: string;
  product: CartProduct;
  qty: number;
  discount: Discount | null;
  /** A line loaded from a quote: sold at the quote's price and tax rate. */
  quoteLineId?: string;
}

/** The quote a cart converts (OWNER/ADMIN): the sale is recorded against it and priced by its rules. */
export interface CartQuote {
  id: string;
  number: string;
  prices: 'inclusive' | 'exclusive';
  rounding?: 'line' | 'total';
}

export interface Cart {
  lines: CartLine[];
  discount: Discount | null;
  customerId: string | null;
  note: string;
  quote?: CartQuote | null;
}

export const EMPTY_CART: Cart = { lines: [], discount: null, customerId: null, note: '' };

export type CartAction =
  /** Without `qty`: one unit. A weighed (measured) product needs its `qty`: see `asksWeight`. */
  | { type: 'add'; product: CartProduct; qty?: number; lineId: string }
  | { type: 'set-qty'; lineId: string; qty: number }
  | { type: 'line-discount'; lineId: string; discount: Discount | null }
  | { type: 'remove'; lineId: string }
  | { type: 'cart-discount'; discount: Discount | null }
  | { type: 'customer'; customerId: string | null }
  | { type: 'note'; note: string }
  | { type: 'replace'; cart: Cart }
  | { type: 'clear' };

/** Thousandths keep 0.1 + 0.2 from becoming 0.30000000000000004 kg. */
const addQty = (a: number, b: number) => (Math.round(a * 1000) + Math.round(b * 1000)) / 1000;

export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      // A kilo of cheese is not a default: without the weight nothing is added (the screen asks).
      if (action.qty === undefined && asksWeight(action.product)) return cart;
      const qty = action.qty ?? 1;
      // A second scan of a product adds to its undiscounted line; a discounted line stays as agreed.
      const same = cart.lines.find(
        (l) => l.product.id === action.product.id && l.discount === null && !l.quoteLineId,
      );
      if (same) {
        return {
          ...cart,
          lines: cart.lines.map((l) => (l === same ? { ...l, qty: addQty(l.qty, qty) } : l)),
        };
      }
      return {
        ...cart,
        lines: [...cart.lines, { id: action.lineId, product: action.product, qty, discount: null }],
      };
    }
    case 'set-qty':
      if (!(action.qty > 0)) return cartReducer(cart, { type: 'remove', lineId: action.lineId });
      return {
        ...cart,
        lines: cart.lines.map((l) => (l.id === action.lineId ? { ...l, qty: action.qty } : l)),
      };
    case 'line-discount':
      return {
        ...cart,
        lines: cart.lines.map((l) => (l.id === action.lineId ? { ...l, discount: action.discount } : l)),
      };
    case 'remove':
      return { ...cart, lines: cart.lines.filter((l) => l.id !== action.lineId) };
    case 'cart-discount':
      return { ...cart, discount: action.discount };
    case 'customer':
      return { ...cart, customerId: action.customerId };
    case 'note':
      return { ...cart, note: action.note };
    case 'replace':
      return action.cart;
    case 'clear':
      return EMPTY_CART;
  }
}

/** Whether a unit is sold by weight, volume or length (decimal quantities). */
export const isMeasured = (unit: Unit) => unit !== 'unit';

/**
 * Whether adding the product (scanned or picked) first asks how much: a weighed, poured or cut
 * product's quantity is read off the scale or the tape, never assumed to be 1.
 */
export const asksWeight = (product: Pick<CartProduct, 'unit'>) => isMeasured(product.unit);

/**
 * The quantity typed for a measured product (in its unit, the business's decimal separator):
 * more than zero, at most 3 decimals, as the sale API accepts it; else the error code to show.
 */
export function parseWeight(
  text: string,
  locale: string,
): { ok: true; qty: number } | { ok: false; code: string } {
  // A weight is never written with thousands grouping: a lone point or comma is the decimal one,
  // whichever the keyboard gave ("0.250" off the scale typed on a Spanish numpad is a quarter kilo,
  // not 250 kg, which the general rule for money would read).
  const lone = /^[^.,]*[.,][^.,]*$/.test(text.trim());
  const typed = parseQuantityInput(
    lone ? text.trim().replace(/[.,]/, separatorsOf(locale).decimal) : text,
    locale,
  );
  if (!typed.ok) {
    if (typed.code === 'amount-negative') return { ok: false, code: 'quantity-not-positive' };
    return {
      ok: false,
      code: typed.code === 'amount-too-precise' ? 'quantity-too-precise' : 'quantity-not-a-number',
    };
  }
  const checked = positiveQuantity.safeParse(typed.value);
  return checked.success
    ? { ok: true, qty: checked.data }
    : { ok: false, code: checked.error.issues[0]?.message ?? 'quantity-invalid' };
}

export interface LinePreview {
  gross: number;
  discount: number;
  net: number;
}

export interface CartPreview {
  lines: LinePreview[];
  subtotal: number;
  cartDiscount: number;
  /** Tax added on top when prices exclude tax; 0 when they include it. */
  addedTax: number;
  total: number;
}

/** How the server prices this cart: the business's counter settings, or the converted quote's. */
export interface CartPricing {
  prices: 'inclusive' | 'exclusive';
  rounding: 'line' | 'total';
}

/**
 * The rules the counter prices `cart` by: the converted quote's, else the business's counter
 * settings. Null while the settings are not known (still loading, or failed): a business whose
 * prices exclude tax would otherwise see, and could charge, totals without the tax.
 */
export function counterPricing(cart: Cart, settings: CartPricing | null): CartPricing | null {
  if (cart.quote) return { prices: cart.quote.prices, rounding: cart.quote.rounding ?? 'line' };
  return settings ? { prices: settings.prices, rounding: settings.rounding } : null;
}

/**
 * The cart's totals, computed by the server's own money engine (`priceCart`, re-exported by the
 * contract) with the rules the sale will be recorded with, so the figure the pay dialog asks for
 * is the one the server checks the payments against: half-even rounding of percentage
 * discounts, tax per line or per total.
 */
export function previewCart(cart: Cart, pricing: CartPricing): CartPreview {
  if (cart.lines.length === 0) return { lines: [], subtotal: 0, cartDiscount: 0, addedTax: 0, total: 0 };
  const rules = { prices: pricing.prices, rounding: pricing.rounding };
  const bare = cart.lines.map((line) => ({
    unitPrice: line.product.price,
    qtyMilli: Math.round(line.qty * 1000),
    taxRateBp: line.product.taxRateBp,
  }));
  // The engine refuses a discount above its base; one being typed is capped, as the server's
  // own two passes do (gross first, then the discounts), so the preview never throws.
  const gross = priceCart(bare, null, rules).lines.map((l) => l.gross);
  const inputs = bare.map((b, i) => ({
    ...b,
    discount: clampDiscount(cart.lines[i]?.discount ?? null, gross[i] ?? 0),
  }));
  const afterLines = priceCart(inputs, null, rules);
  const priced = priceCart(
    inputs,
    clampDiscount(cart.discount, afterLines.subtotal - afterLines.lineDiscounts),
    rules,
  );
  const lines = priced.lines.map((l) => ({
    gross: l.gross,
    discount: l.lineDiscount,
    net: l.gross - l.lineDiscount,
  }));
  return {
    lines,
    subtotal: lines.reduce((sum, l) => sum + l.net, 0),
    cartDiscount: priced.cartDiscount,
    addedTax: pricing.prices === 'exclusive' ? priced.tax : 0,
    total: priced.total,
  };
}

/** While a discount is being typed it may exceed its base; the preview caps it as the dialog does. */
function clampDiscount(discount: Discount | null, base: number): Discount | null {
  if (discount?.kind === 'amount' && discount.amount > base)
    return { kind: 'amount', amount: Math.max(base, 0) };
  return discount;
}

/** Total number of items for the cart's summary: measured lines count as one each. */
export function itemCount(cart: Cart): number {
  return cart.lines.reduce((n, l) => n + (isMeasured(l.product.unit) ? 1 : l.qty), 0);
}

import { problemOf } from '../../api/client';
import type { ParkedCartView } from '../../contract';
import type { Cart, CartProduct } from './cart';

/** A parked line left out on resuming: its product was deleted since it was parked. */
export interface DroppedLine {
  /** 1-based, as the cashier counts the parked sale's lines. */
  lineNo: number;
  qty: number;
  productId: string;
}

export interface ResumePlan {
  /** The cart back at the counter; it has no lines when every product is gone. */
  cart: Cart;
  dropped: DroppedLine[];
}

/**
 * The cart a parked sale resumes to: each line's product is read again (name, price, tax rate
 * as they are now). A product deleted since it was parked (404) leaves its line out, named in
 * `dropped`, instead of making the whole parked sale impossible to resume; any other failure
 * (offline, forbidden) is thrown, and nothing is resumed.
 */
export async function planResume(
  parked: ParkedCartView['cart'],
  product: (productId: string) => Promise<CartProduct>,
  newId: () => string = () => crypto.randomUUID(),
): Promise<ResumePlan> {
  const found = await Promise.all(
    parked.lines.map((line) =>
      product(line.productId).then(
        (p): CartProduct | null => p,
        (error: unknown) => {
          if (problemOf(error).status === 404) return null;
          throw error;
        },
      ),
    ),
  );
  const cart: Cart = {
    lines: [],
    discount: parked.cartDiscount ?? null,
    customerId: parked.customerId ?? null,
    note: parked.note ?? '',
  };
  const dropped: DroppedLine[] = [];
  parked.lines.forEach((line, i) => {
    const p = found[i];
    if (!p) {
      dropped.push({ lineNo: i + 1, qty: line.qty, productId: line.productId });
      return;
    }
    cart.lines.push({
      id: newId(),
      product: { id: p.id, sku: p.sku, name: p.name, unit: p.unit, price: p.price, taxRateBp: p.taxRateBp },
      qty: line.qty,
      discount: line.discount ?? null,
    });
  });
  return { cart, dropped };
}

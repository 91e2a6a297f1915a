import { describe, expect, it } from 'vitest';
import { parseQuantityInput } from '../../decimal-input';
import { draftTotal, linesOf, outstanding, receivesMoreThanOrdered } from './order-lines';

const es = { currency: 'EUR', locale: 'es-ES' };

describe('purchase order lines', () => {
  it('totals quantity × unit cost in cents, rounding each line', () => {
    expect(
      draftTotal(
        [
          { productId: 'a', qty: '3', unitCost: '1,25' },
          { productId: 'b', qty: '0,333', unitCost: '1' },
          { productId: 'c', qty: 'x', unitCost: '9' },
        ],
        es,
      ),
    ).toBe(375 + 33);
  });

  it('names each field that cannot be sent', () => {
    expect(linesOf([{ productId: '', qty: '0', unitCost: '1,234' }], es)).toEqual({
      ok: false,
      errors: {
        'lines.0.productId': 'product-required',
        'lines.0.qty': 'quantity-not-positive',
        'lines.0.unitCost': 'amount-too-precise',
      },
    });
    expect(linesOf([], es)).toEqual({ ok: false, errors: { lines: 'lines-required' } });
  });

  it('shows the total the saved order will have: 0,285 kg × 1,00 € is 0,29 € (half up), not 0,28', () => {
    // The server: 285 thousandths × 100 cents / 1000 = 28.5 → 29; a float product gave 28.499999999999996 → 28.
    expect(draftTotal([{ productId: 'a', qty: '0,285', unitCost: '1,00' }], es)).toBe(29);
    expect(draftTotal([{ productId: 'a', qty: '1,005', unitCost: '10,00' }], es)).toBe(1005);
  });
});

describe('receiving an order line', () => {
  const line = { qtyOrdered: 0.3, qtyReceived: 0.1 };

  it('prefills exactly what is outstanding and does not warn "more than ordered" for it', () => {
    const typed = parseQuantityInput('0,2', 'es-ES');
    if (!typed.ok) throw new Error('unreadable');
    expect(receivesMoreThanOrdered(line, typed.value)).toBe(false);
    expect(outstanding(line)).toBe(0.2);
  });

  it('warns when one thousandth more than outstanding is received', () => {
    expect(receivesMoreThanOrdered(line, 0.201)).toBe(true);
    expect(outstanding({ qtyOrdered: 2, qtyReceived: 3 })).toBe(0);
  });
});

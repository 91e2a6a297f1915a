import { describe, expect, it } from 'vitest';
import { draftTotal, linesOf } from './order-lines';

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
});

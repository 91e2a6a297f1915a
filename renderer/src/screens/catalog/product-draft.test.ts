import { describe, expect, it } from 'vitest';
import { EMPTY_PRODUCT, requestOf } from './product-draft';

const es = { currency: 'EUR', locale: 'es-ES' };

describe('product draft', () => {
  it('converts typed decimals to minor units, basis points and quantities', () => {
    const result = requestOf(
      {
        ...EMPTY_PRODUCT,
        sku: 'CAF-1',
        name: 'Café',
        price: '1,50',
        cost: '0,8',
        taxRate: '21',
        reorderPoint: '2,5',
      },
      es,
    );
    expect(result).toMatchObject({
      ok: true,
      body: { price: 150, cost: 80, taxRateBp: 2100, reorderPoint: 2.5, reorderQty: 0, categoryId: null },
    });
  });

  it('names the field of each unreadable number, suppliers included', () => {
    const result = requestOf(
      {
        ...EMPTY_PRODUCT,
        price: '1,505',
        suppliers: [{ supplierId: 's', supplierSku: '', cost: 'x', preferred: true }],
      },
      es,
    );
    expect(result).toEqual({
      ok: false,
      errors: { price: 'amount-too-precise', 'suppliers.0.cost': 'amount-not-a-number' },
    });
  });
});

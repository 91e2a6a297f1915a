import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { ParkedCartView } from '../../contract';
import type { CartProduct } from './cart';
import { planResume } from './parked';

const coffee: CartProduct = {
  id: 'p-coffee',
  sku: 'CAF',
  name: 'Café',
  unit: 'unit',
  price: 150,
  taxRateBp: 1000,
};
const scone: CartProduct = {
  id: 'p-scone',
  sku: 'SCO',
  name: 'Scone',
  unit: 'unit',
  price: 250,
  taxRateBp: 1000,
};

const parked: ParkedCartView['cart'] = {
  lines: [
    { productId: coffee.id, qty: 2, discount: { kind: 'amount', amount: 50 }, note: null },
    { productId: scone.id, qty: 1, note: null },
  ],
  cartDiscount: { kind: 'percent', bp: 500 },
  customerId: 'c1',
  note: 'Mesa 4',
};

const problem = (status: number, code: string) =>
  new ApiError({ type: 'about:blank', title: code, status, code });

/** The catalog as it is now: a product that was deleted answers 404, like GET /api/catalog/products/:id. */
const catalog =
  (...present: CartProduct[]) =>
  async (productId: string) => {
    const found = present.find((p) => p.id === productId);
    if (!found) throw problem(404, 'not-found');
    return found;
  };

describe('resuming a parked sale', () => {
  it('resumes every line when all products still exist', async () => {
    const plan = await planResume(parked, catalog(coffee, scone));
    expect(plan.dropped).toEqual([]);
    expect(plan.cart.lines.map((l) => [l.product.name, l.qty, l.discount])).toEqual([
      ['Café', 2, { kind: 'amount', amount: 50 }],
      ['Scone', 1, null],
    ]);
    expect(plan.cart).toMatchObject({
      discount: { kind: 'percent', bp: 500 },
      customerId: 'c1',
      note: 'Mesa 4',
    });
  });

  it('leaves out a line whose product was deleted since, names it, and keeps the others', async () => {
    const plan = await planResume(parked, catalog(coffee));
    expect(plan.cart.lines.map((l) => [l.product.name, l.qty])).toEqual([['Café', 2]]);
    expect(plan.dropped).toEqual([{ lineNo: 2, qty: 1, productId: scone.id }]);
  });

  it('has no lines when every product is gone (the sale can only be discarded)', async () => {
    const plan = await planResume(parked, catalog());
    expect(plan.cart.lines).toEqual([]);
    expect(plan.dropped.map((d) => d.lineNo)).toEqual([1, 2]);
  });

  it('fails as a whole on any other error, so nothing is resumed half-read', async () => {
    const offline = async () => {
      throw problem(503, 'server-unreachable');
    };
    await expect(planResume(parked, offline)).rejects.toMatchObject({ code: 'server-unreachable' });
  });
});

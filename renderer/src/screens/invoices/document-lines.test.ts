import { describe, expect, it } from 'vitest';
import { type DocumentLineDraft, documentLinesOf, lineFromView, previewDocument } from './document-lines';

const EUR = { currency: 'EUR', locale: 'es-ES' };
const line = (patch: Partial<DocumentLineDraft>): DocumentLineDraft => ({
  key: 'k',
  productId: null,
  discount: '',
  description: 'Consultoría',
  qty: '1',
  unitPrice: '10',
  taxRate: '21',
  ...patch,
});

describe('previewDocument', () => {
  it('sums lines into a breakdown per tax rate, lowest rate first', () => {
    const preview = previewDocument(
      [line({ unitPrice: '100' }), line({ unitPrice: '10', taxRate: '10' }), line({ unitPrice: '50' })],
      EUR,
      { prices: 'exclusive', rounding: 'line' },
    );
    expect(preview.taxes.map((r) => r.taxRateBp)).toEqual([1000, 2100]);
    expect(preview.subtotal).toBe(16_000);
    expect(preview.taxTotal).toBe(100 + 3150);
    expect(preview.total).toBe(preview.lines.reduce((sum, row) => sum + (row?.total ?? 0), 0));
  });

  it('leaves unreadable lines out of the totals until they are fixed', () => {
    const preview = previewDocument([line({ qty: 'dos' }), line({ unitPrice: '5', taxRate: '' })], EUR, {
      prices: 'exclusive',
      rounding: 'line',
    });
    expect(preview.lines[0]).toBeNull();
    expect(preview.total).toBe(500);
  });
  // Three lines of 0,05 € at 10 %: 0,5 cent of tax each. Per line each rounds to even (0);
  // per total the 1,5 cents round once (2) and are spread back over the lines.
  const cents = [
    line({ unitPrice: '0,05', taxRate: '10' }),
    line({ unitPrice: '0,05', taxRate: '10' }),
    line({ unitPrice: '0,05', taxRate: '10' }),
  ];

  it('rounds the tax per line when the business rounds per line', () => {
    const preview = previewDocument(cents, EUR, { prices: 'exclusive', rounding: 'line' });
    expect(preview).toMatchObject({ subtotal: 15, taxTotal: 0, total: 15 });
  });

  it('rounds the tax once per rate when the business rounds per total, as the server does', () => {
    const preview = previewDocument(cents, EUR, { prices: 'exclusive', rounding: 'total' });
    expect(preview).toMatchObject({ subtotal: 15, taxTotal: 2, total: 17 });
    expect(preview.lines.map((l) => l?.tax)).toEqual([1, 1, 0]);
    expect(preview.taxes).toEqual([{ taxRateBp: 1000, base: 15, tax: 2, total: 17 }]);
  });

  it('takes the line discount off before the tax, inclusive prices too', () => {
    const preview = previewDocument([line({ unitPrice: '12,10', discount: '1,21' })], EUR, {
      prices: 'inclusive',
      rounding: 'total',
    });
    expect(preview).toMatchObject({ subtotal: 900, taxTotal: 189, total: 1089 });
  });

  it('shows nothing, rather than a wrong total, when a discount is larger than its line', () => {
    const preview = previewDocument([line({ unitPrice: '1', discount: '2' })], EUR, {
      prices: 'exclusive',
      rounding: 'line',
    });
    expect(preview).toMatchObject({ lines: [null], total: 0 });
  });
});

describe('lineFromView', () => {
  it('puts a saved line back into the form the business’s way, discount and product kept', () => {
    const draft = lineFromView(
      {
        id: 'l1',
        lineNo: 1,
        productId: 'p1',
        description: 'Taza',
        qty: 1.5,
        unitPrice: 999,
        taxRateBp: 2100,
        discount: 150,
        base: 0,
        tax: 0,
        total: 0,
      },
      EUR,
    );
    expect(draft).toEqual({
      key: 'l1',
      productId: 'p1',
      description: 'Taza',
      qty: '1,5',
      unitPrice: '9,99',
      taxRate: '21',
      discount: '1,50',
    });
    expect(documentLinesOf([draft], EUR)).toEqual({
      ok: true,
      lines: [
        {
          description: 'Taza',
          qty: 1.5,
          unitPrice: 999,
          taxRateBp: 2100,
          discount: { kind: 'amount', amount: 150 },
          productId: 'p1',
        },
      ],
    });
  });
});

describe('documentLinesOf', () => {
  it('reads quantities, prices and rates the business’s way', () => {
    expect(documentLinesOf([line({ qty: '1,5', unitPrice: '2,50', taxRate: '5,5' })], EUR)).toEqual({
      ok: true,
      lines: [{ description: 'Consultoría', qty: 1.5, unitPrice: 250, taxRateBp: 550 }],
    });
  });

  it('names each bad field by its line', () => {
    const result = documentLinesOf(
      [line({}), line({ description: ' ', qty: '0', unitPrice: 'x', taxRate: '150' })],
      EUR,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        'lines.1.description': 'description-required',
        'lines.1.qty': 'quantity-not-positive',
        'lines.1.unitPrice': 'amount-not-a-number',
        'lines.1.taxRateBp': 'tax-rate-invalid',
      },
    });
  });

  it('asks for at least one line', () => {
    expect(documentLinesOf([], EUR)).toEqual({ ok: false, errors: { lines: 'lines-required' } });
  });
});

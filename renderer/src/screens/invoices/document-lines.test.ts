import { describe, expect, it } from 'vitest';
import {
  type DocumentLineDraft,
  documentLinesOf,
  lineTotals,
  previewDocument,
  roundHalfEven,
} from './document-lines';

const EUR = { currency: 'EUR', locale: 'es-ES' };
const line = (patch: Partial<DocumentLineDraft>): DocumentLineDraft => ({
  key: 'k',
  description: 'Consultoría',
  qty: '1',
  unitPrice: '10',
  taxRate: '21',
  ...patch,
});

describe('roundHalfEven', () => {
  it('rounds exact halves to the even neighbour and others to the nearest', () => {
    expect(roundHalfEven(5n, 2n)).toBe(2n);
    expect(roundHalfEven(7n, 2n)).toBe(4n);
    expect(roundHalfEven(26n, 10n)).toBe(3n);
    expect(roundHalfEven(-7n, 2n)).toBe(-4n);
  });
});

describe('lineTotals', () => {
  it('adds the tax to exclusive prices', () => {
    expect(lineTotals(1000, 2000, 2100, 'exclusive')).toEqual({ base: 2000, tax: 420, total: 2420 });
  });

  it('takes the tax out of inclusive prices, base and tax summing to the total', () => {
    const row = lineTotals(1210, 1000, 2100, 'inclusive');
    expect(row).toEqual({ base: 1000, tax: 210, total: 1210 });
    const odd = lineTotals(999, 3000, 1000, 'inclusive');
    expect(odd.base + odd.tax).toBe(odd.total);
  });

  it('multiplies decimal quantities exactly', () => {
    expect(lineTotals(1999, 325, 0, 'exclusive').total).toBe(650);
  });
});

describe('previewDocument', () => {
  it('sums lines into a breakdown per tax rate, lowest rate first', () => {
    const preview = previewDocument(
      [line({ unitPrice: '100' }), line({ unitPrice: '10', taxRate: '10' }), line({ unitPrice: '50' })],
      EUR,
      'exclusive',
    );
    expect(preview.taxes.map((r) => r.taxRateBp)).toEqual([1000, 2100]);
    expect(preview.subtotal).toBe(16_000);
    expect(preview.taxTotal).toBe(100 + 3150);
    expect(preview.total).toBe(preview.lines.reduce((sum, row) => sum + (row?.total ?? 0), 0));
  });

  it('leaves unreadable lines out of the totals until they are fixed', () => {
    const preview = previewDocument(
      [line({ qty: 'dos' }), line({ unitPrice: '5', taxRate: '' })],
      EUR,
      'exclusive',
    );
    expect(preview.lines[0]).toBeNull();
    expect(preview.total).toBe(500);
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

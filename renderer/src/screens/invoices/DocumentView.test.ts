/**
 * An invoice's or quote's lines on screen add up as on its printed page: each line shows its
 * quantity, price, discount, taxable base and total, so quantity × price − discount is the base
 * (the total when prices include tax), and the totals show what the discounts took off.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { DocumentLineView, InvoiceView, UiLanguage } from '../../contract';
import { DocumentView } from './DocumentView';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: 'OWNER',
    tenant: { name: 'Café La Esquina', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The lines table's body rows, each as its cells' text. */
const rows = (html: string) =>
  [...(html.split('<tbody>')[1]?.split('</tbody>')[0] ?? '').matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => plain(cell[1] ?? '')),
  );

const headers = (html: string) =>
  [...(html.split('<thead>')[1]?.split('</thead>')[0] ?? '').matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) =>
    plain(m[1] ?? ''),
  );

/** The totals list: term → value. */
const totals = (html: string) =>
  [...html.matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [plain(m[1] ?? ''), plain(m[2] ?? '')]);

const line = (
  n: number,
  fields: Omit<DocumentLineView, 'id' | 'lineNo' | 'productId'>,
): DocumentLineView => ({
  id: `l${n}`,
  lineNo: n,
  productId: null,
  ...fields,
});

/**
 * Exclusive prices, tax per line: 3 × 12,50 at 10 %, and 2 × 9,99 with 10 % off (2,00) at 21 %:
 * bases 37,50 and 17,98, taxes 3,75 and 3,78, total 63,01.
 */
function invoice(over: Partial<InvoiceView> = {}): InvoiceView {
  return {
    id: 'inv1',
    kind: 'invoice',
    number: 'F-AB12-000001',
    status: 'issued',
    pricing: { prices: 'exclusive', rounding: 'line' },
    lines: [
      line(1, {
        description: 'Café en grano',
        qty: 3,
        unitPrice: 1250,
        taxRateBp: 1000,
        discount: 0,
        base: 3750,
        tax: 375,
        total: 4125,
      }),
      line(2, {
        description: 'Taza',
        qty: 2,
        unitPrice: 999,
        taxRateBp: 2100,
        discount: 200,
        base: 1798,
        tax: 378,
        total: 2176,
      }),
    ],
    taxes: [
      { taxRateBp: 1000, base: 3750, tax: 375, total: 4125 },
      { taxRateBp: 2100, base: 1798, tax: 378, total: 2176 },
    ],
    subtotal: 5548,
    taxTotal: 753,
    total: 6301,
    notes: null,
    ...over,
  } as InvoiceView;
}

const render = (document: InvoiceView, lang: UiLanguage = 'es') => {
  ui.lang = lang;
  return renderToStaticMarkup(createElement(DocumentView, { document, label: 'Líneas de la factura' }));
};

describe('a document on screen', () => {
  it("shows each line's discount and taxable base beside its total, as the printed page does", () => {
    const html = render(invoice());
    expect(headers(html)).toEqual([
      'Descripción',
      'Cantidad',
      'Precio unitario',
      'Descuento',
      'Impuesto %',
      'Base imponible',
      'Total',
    ]);
    // 3 × 12,50 = 37,50; 2 × 9,99 − 2,00 = 17,98: each base is its quantity × price − discount.
    expect(rows(html)).toEqual([
      ['Café en grano', '3', '12,50 €', '—', '10 %', '37,50 €', '41,25 €'],
      ['Taza', '2', '9,99 €', '-2,00 €', '21 %', '17,98 €', '21,76 €'],
    ]);
  });

  it('totals what the discounts took off, then the bases and taxes that make the total', () => {
    expect(totals(render(invoice()))).toEqual([
      ['Descuentos (ya restados)', '-2,00 €'],
      ['Base imponible', '55,48 €'],
      ['Impuesto 10 %', '3,75 €'],
      ['Impuesto 21 %', '3,78 €'],
      ['Total', '63,01 €'],
    ]);
  });

  it('has no discounts row when no line has a discount', () => {
    const [first] = invoice().lines;
    const html = render(
      invoice({
        lines: [first as DocumentLineView],
        taxes: [{ taxRateBp: 1000, base: 3750, tax: 375, total: 4125 }],
        subtotal: 3750,
        taxTotal: 375,
        total: 4125,
      }),
    );
    expect(totals(html).map(([term]) => term)).toEqual(['Base imponible', 'Impuesto 10 %', 'Total']);
  });

  it('says when prices include tax: quantity × price − discount is then the line total', () => {
    const inclusive = invoice({
      pricing: { prices: 'inclusive', rounding: 'line' },
      lines: [
        line(1, {
          description: 'Taza',
          qty: 2,
          unitPrice: 1210,
          taxRateBp: 2100,
          discount: 420,
          base: 1653,
          tax: 347,
          total: 2000,
        }),
      ],
      taxes: [{ taxRateBp: 2100, base: 1653, tax: 347, total: 2000 }],
      subtotal: 1653,
      taxTotal: 347,
      total: 2000,
    });
    const html = render(inclusive);
    expect(rows(html)).toEqual([['Taza', '2', '12,10 €', '-4,20 €', '21 %', '16,53 €', '20,00 €']]);
    expect(plain(html)).toContain('Precios con impuestos incluidos.');
    expect(plain(render(invoice()))).not.toContain('Precios con impuestos incluidos.');
  });

  it("shows a credit note's negated discount as added back, so its lines still add up", () => {
    const source = invoice().lines[1] as DocumentLineView;
    const credit = invoice({
      kind: 'credit_note',
      lines: [{ ...source, qty: -2, discount: -200, base: -1798, tax: -378, total: -2176 }],
      taxes: [{ taxRateBp: 2100, base: -1798, tax: -378, total: -2176 }],
      subtotal: -1798,
      taxTotal: -378,
      total: -2176,
    });
    const html = render(credit);
    // −2 × 9,99 + 2,00 = −17,98.
    expect(rows(html)).toEqual([['Taza', '-2', '9,99 €', '2,00 €', '21 %', '-17,98 €', '-21,76 €']]);
    expect(totals(html)[0]).toEqual(['Descuentos (ya restados)', '2,00 €']);
  });

  it('speaks English too', () => {
    const html = render(invoice(), 'en');
    expect(headers(html)).toEqual([
      'Description',
      'Quantity',
      'Unit price',
      'Discount',
      'Tax %',
      'Taxable base',
      'Total',
    ]);
    expect(totals(html)[0]).toEqual(['Discounts (already taken off)', '-2,00 €']);
  });
});

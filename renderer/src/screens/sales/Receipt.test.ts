import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SaleView, UiLanguage } from '../../contract';
import { formatDateTime } from '../../format';
import type { Paper } from './paper';
import { Receipt } from './Receipt';

// The receipt reads the open business and the UI language from the app's stores; here they are
// a Spanish shop and whichever language a test picks.
const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: {
      name: 'Tienda Ana',
      legalName: null,
      taxId: null,
      address: null,
      logo: null,
      currency: 'EUR',
      locale: 'es-ES',
      timeZone: 'Europe/Madrid',
    },
  }),
}));

/** Intl puts no-break and narrow no-break spaces in money; compared as plain spaces. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');

const render = (sale: SaleView, paper: Paper = '80mm') =>
  text(renderToStaticMarkup(createElement(Receipt, { sale, paper, reprint: true })));

const line = (i: number, name: string, qty: number, unitPrice: number): SaleView['lines'][number] => ({
  id: `l${i}`,
  lineNo: i,
  productId: `p${i}`,
  sku: `SKU${i}`,
  name,
  unit: 'unit',
  qty,
  unitPrice,
  taxRateBp: 1000,
  gross: qty * unitPrice,
  lineDiscount: 0,
  cartDiscount: 0,
  base: 0,
  tax: 0,
  total: qty * unitPrice,
  note: null,
  refundedQty: 0,
});

/** 2 coffees (1,50) and a cake (4,00) paid by card: 7,00. */
function sale(refunds: SaleView['refunds'] = []): SaleView {
  const lines = [line(1, 'Café', 2, 150), line(2, 'Tarta', 1, 400)];
  return {
    id: 's1',
    number: 'T-AB12-000007',
    deviceId: 'd1',
    shiftId: 'sh1',
    customerId: null,
    customerName: null,
    actorId: null,
    actorName: null,
    prices: 'inclusive',
    rounding: 'line',
    subtotal: 700,
    lineDiscounts: 0,
    cartDiscount: 0,
    base: 636,
    tax: 64,
    total: 700,
    paid: 700,
    change: 0,
    note: null,
    createdAt: '2026-12-05T10:00:00.000Z',
    lines: lines.map((l) => ({
      ...l,
      refundedQty: refunds.flatMap((r) => r.lines).find((x) => x.saleLineId === l.id)?.qty ?? 0,
    })),
    payments: [{ id: 'pay1', method: 'card', amount: 700, reference: null }],
    taxes: [{ taxRateBp: 1000, base: 636, tax: 64, total: 700 }],
    refunds,
    refundedTotal: refunds.reduce((a, r) => a + r.total, 0),
  };
}

const oneCoffeeBack: SaleView['refunds'][number] = {
  id: 'r1',
  number: 'R-AB12-000003',
  total: 150,
  createdAt: '2026-12-06T16:30:00.000Z',
  lines: [{ saleLineId: 'l1', name: 'Café', unit: 'unit', qty: 1, total: 150 }],
  payments: [{ method: 'cash', amount: 150 }],
};

describe('the receipt of a sale', () => {
  beforeEach(() => {
    ui.lang = 'es';
  });

  it('refunded in part lists the refund after the totals, and what the sale still stands at', () => {
    for (const paper of ['58mm', '80mm', 'a4'] as const) {
      const shown = render(sale([oneCoffeeBack]), paper);
      // The sale as recorded…
      expect(shown).toMatch(/Total 7,00 €/);
      expect(shown).toMatch(/Tarjeta 7,00 €/);
      // …then what went back, after it.
      const refunded = shown.indexOf('Devuelto');
      expect(refunded).toBeGreaterThan(shown.indexOf('Total 7,00 €'));
      const section = shown.slice(refunded);
      const when = text(
        formatDateTime(oneCoffeeBack.createdAt, { locale: 'es-ES', timeZone: 'Europe/Madrid' }),
      );
      expect(section).toContain(`Devolución R-AB12-000003 · ${when}`);
      expect(section).toMatch(/Café 1 ud\. −1,50 €/);
      expect(section).toMatch(/Reembolso \(Efectivo\) −1,50 €/);
      expect(section).toMatch(/Total devuelto −1,50 €/);
      expect(section).toMatch(/Neto tras devoluciones 5,50 €/);
      expect(section).not.toContain('Tarta');
    }
  });

  it('refunded in full in two refunds lists both and stands at nothing', () => {
    const rest: SaleView['refunds'][number] = {
      id: 'r2',
      number: 'R-AB12-000004',
      total: 550,
      createdAt: '2026-12-07T09:00:00.000Z',
      lines: [
        { saleLineId: 'l1', name: 'Café', unit: 'unit', qty: 1, total: 150 },
        { saleLineId: 'l2', name: 'Tarta', unit: 'unit', qty: 1, total: 400 },
      ],
      payments: [{ method: 'card', amount: 550 }],
    };
    const shown = render(sale([oneCoffeeBack, rest]));
    expect(shown).toContain('R-AB12-000003');
    expect(shown).toMatch(/Devolución R-AB12-000004 .* Café 1 ud\. −1,50 € Tarta 1 ud\. −4,00 €/);
    expect(shown).toMatch(/Reembolso \(Tarjeta\) −5,50 €/);
    expect(shown).toMatch(/Total devuelto −7,00 €/);
    expect(shown).toMatch(/Neto tras devoluciones 0,00 €/);
  });

  it('refunded says so in English', () => {
    ui.lang = 'en';
    const shown = render(sale([oneCoffeeBack]));
    expect(shown).toContain('Refunded');
    expect(shown).toContain('Refund R-AB12-000003');
    expect(shown).toMatch(/Money back \(Cash\) −1,50 €/);
    expect(shown).toMatch(/Net after refunds 5,50 €/);
  });

  it('never refunded has no refund section', () => {
    const shown = render(sale());
    expect(shown).toMatch(/Total 7,00 €/);
    expect(shown).not.toContain('Devuelto');
    expect(shown).not.toContain('Neto tras devoluciones');
  });

  it('carries its number as a barcode, for finding it by scan at the refund screen', () => {
    const recorded = sale();
    const html = renderToStaticMarkup(createElement(Receipt, { sale: recorded, paper: '58mm' }));
    expect(html).toContain(`<svg class="receipt-barcode"`);
    expect(html).toContain(`data-value="${recorded.number}"`);
    // Start B, the number's characters, the check symbol and Stop: three bars each, Stop four.
    const bars = html.match(/fill="#000"/g) ?? [];
    expect(bars).toHaveLength((recorded.number.length + 2) * 3 + 4);
  });
});

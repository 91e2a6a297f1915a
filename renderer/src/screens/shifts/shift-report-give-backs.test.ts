/**
 * Issue #5: the X/Z report (on screen and printed: the same view) lists the invoice payments taken
 * and the invoice money given back as separate lines, each per payment method, so the cashier can
 * check both against the paper trail; the expected cash is the API's.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ShiftReport, UiLanguage } from '../../contract';
import { ShiftReportView } from './ShiftReportView';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Café', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

/** Intl puts no-break and narrow no-break spaces in money; compared as plain spaces. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');

const none = { count: 0, total: 0, byMethod: [] };

/** A Z report: 100,00 of float, invoices paid 70,00 cash and 30,00 card, 30,00 given back in cash. */
const report = (over: Partial<ShiftReport> = {}): ShiftReport => ({
  kind: 'Z',
  shift: {
    id: 's1',
    deviceId: 'd1',
    status: 'closed',
    openedBy: null,
    openedAt: '2026-12-07T09:00:00.000Z',
    openingFloat: 10_000,
    openingDenominations: [],
    closedBy: null,
    closedAt: '2026-12-07T20:00:00.000Z',
    closeNote: null,
    currency: 'EUR',
  },
  asOf: '2026-12-07T20:00:00.000Z',
  openingFloat: 10_000,
  sales: { count: 0, total: 0, byMethod: [] },
  refunds: { count: 0, total: 0, byMethod: [] },
  invoicePayments: {
    count: 2,
    total: 10_000,
    byMethod: [
      { method: 'card', amount: 3_000, count: 1 },
      { method: 'cash', amount: 7_000, count: 1 },
    ],
  },
  invoiceGiveBacks: { count: 1, total: 3_000, byMethod: [{ method: 'cash', amount: 3_000, count: 1 }] },
  paidIn: 0,
  paidOut: 0,
  movements: [],
  expected: [
    { method: 'cash', amount: 14_000, count: 2 },
    { method: 'card', amount: 3_000, count: 1 },
  ],
  expectedCash: 14_000,
  afterClose: [],
  counts: [
    { method: 'cash', expected: 14_000, counted: 14_000, difference: 0 },
    { method: 'card', expected: 3_000, counted: 3_000, difference: 0 },
  ],
  counted: 17_000,
  difference: 0,
  taxes: [],
  ...over,
});

const render = (r: ShiftReport) => text(renderToStaticMarkup(createElement(ShiftReportView, { report: r })));

describe('the X/Z report with invoice money given back', () => {
  it('shows the payments taken and the money given back on separate lines, per method (Spanish)', () => {
    ui.lang = 'es';
    const shown = render(report());
    expect(shown).toContain('Cobros de facturas (2) 100,00 € Tarjeta 30,00 € Efectivo 70,00 €');
    expect(shown).toContain('Devoluciones de facturas (1) −30,00 € Efectivo −30,00 €');
    expect(shown).toContain('Efectivo 140,00 € 140,00 € 0,00 €');
  });

  it('shows the payments taken and the money given back on separate lines, per method (English)', () => {
    ui.lang = 'en';
    const shown = render(report());
    expect(shown).toContain('Invoice payments (2) 100,00 € Card 30,00 € Cash 70,00 €');
    expect(shown).toContain('Invoice money given back (1) −30,00 € Cash −30,00 €');
  });

  it('shows money given back in a shift that took no invoice payment, and no empty lines', () => {
    ui.lang = 'es';
    const onlyBack = render(report({ invoicePayments: none }));
    expect(onlyBack).toContain('Devoluciones de facturas (1) −30,00 €');
    expect(onlyBack).not.toContain('Cobros de facturas');
    expect(render(report({ invoiceGiveBacks: none }))).not.toContain('Devoluciones de facturas');
  });
});

/**
 * Issue #5: the X/Z report shows invoice payments taken at the counter on their own line, so the
 * cashier sees why the drawer should hold more than the sales.
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

const report = (invoicePayments: ShiftReport['invoicePayments']): ShiftReport => ({
  kind: 'X',
  shift: {
    id: 's1',
    deviceId: 'd1',
    status: 'open',
    openedBy: null,
    openedAt: '2026-12-07T09:00:00.000Z',
    openingFloat: 10_000,
    openingDenominations: [],
    closedBy: null,
    closedAt: null,
    closeNote: null,
    currency: 'EUR',
  },
  asOf: '2026-12-07T12:00:00.000Z',
  openingFloat: 10_000,
  sales: { count: 0, total: 0, byMethod: [] },
  refunds: { count: 0, total: 0, byMethod: [] },
  invoicePayments,
  invoiceGiveBacks: { count: 0, total: 0, byMethod: [] },
  paidIn: 0,
  paidOut: 0,
  movements: [],
  expected: [{ method: 'cash', amount: 10_000 + invoicePayments.total, count: invoicePayments.count }],
  expectedCash: 10_000 + invoicePayments.total,
  afterClose: [],
  counts: null,
  counted: null,
  difference: null,
  taxes: [],
});

const render = (r: ShiftReport) => text(renderToStaticMarkup(createElement(ShiftReportView, { report: r })));

describe('the X/Z report', () => {
  const paid = { count: 1, total: 12_100, byMethod: [{ method: 'cash', amount: 12_100, count: 1 }] };

  it('shows invoice payments taken in the shift on their own line', () => {
    ui.lang = 'es';
    expect(render(report(paid))).toContain('Cobros de facturas (1) 121,00 €');
    ui.lang = 'en';
    expect(render(report(paid))).toContain('Invoice payments (1) 121,00 €');
  });

  it('shows no such line when the shift took none', () => {
    ui.lang = 'es';
    expect(render(report({ count: 0, total: 0, byMethod: [] }))).not.toContain('Cobros de facturas');
  });
});

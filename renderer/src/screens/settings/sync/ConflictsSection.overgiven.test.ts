/**
 * The conflicts inbox lists an invoice whose customer was given too much back (two registers each
 * gave back the same money offline): its number, customer and the excess in the business's money,
 * what to do, a link to the invoice, and no "mark reviewed" button (it leaves when what the
 * customer returns is recorded), in Spanish and in English.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { SyncConflictView, UiLanguage } from '../../../contract';
import { ConflictsSection } from './ConflictsSection';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage, items: [] as unknown[] }));
vi.mock('../../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../../stores/sync', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../stores/sync')>()),
  useSync: <T>(select: (s: { refresh(): Promise<void> }) => T) => select({ refresh: async () => undefined }),
}));
vi.mock('../../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../stores/session')>()),
  useTenantSession: () => ({
    role: 'OWNER',
    tenant: { name: 'Tienda Ana', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));
vi.mock('../../../components/useRemote', () => ({
  useRemote: () => [{ state: 'loaded', value: ui.items }, () => {}],
}));

const over = {
  number: 'F-2026-0007',
  customerName: 'Norte SL',
  overGiven: 5_000,
  currency: 'EUR',
  voided: false,
};
const overgiven: SyncConflictView = {
  id: 'inv-1',
  kind: 'invoice-overgiven',
  createdAt: '2026-12-07T10:00:00.000Z',
  summary: 'Invoice F-2026-0007: Norte SL was given 5000 (minor units, EUR) too much back',
  link: '/invoices/inv-1',
  invoiceOvergiven: over,
  reviewable: false,
};

function inbox(lang: UiLanguage, items: SyncConflictView[]): string {
  ui.lang = lang;
  ui.items = items;
  const html = renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(ConflictsSection, { count: items.length })),
  );
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\u00a0/g, ' ');
}

describe('conflicts inbox: invoices given too much back', () => {
  it('says which invoice, whose, how much too much, what to do, and links to the invoice', () => {
    const es = inbox('es', [overgiven]);
    expect(es).toContain('Factura con devolución de más');
    expect(es).toContain('Factura F-2026-0007 de Norte SL: se le devolvieron 50,00 € de más');
    expect(es).toContain('Pide al cliente que devuelva lo que recibió de más');
    expect(es).toMatch(/<a href="\/invoices\/inv-1"[^>]*>Abrir<span class="sr-only">: Factura F-2026-0007/);
    expect(es).not.toContain('Marcar como revisado');

    const en = inbox('en', [overgiven]);
    expect(en).toContain('Invoice given too much back');
    expect(en).toContain('Invoice F-2026-0007 for Norte SL: given 50,00 € too much back');
    expect(en).toContain('Ask the customer to return the excess');
    expect(en).not.toContain('Mark reviewed');
  });

  it('says when the invoice is void', () => {
    const voided = { ...overgiven, invoiceOvergiven: { ...over, voided: true } };
    expect(inbox('es', [voided])).toContain(
      'Factura F-2026-0007 (anulada) de Norte SL: se le devolvieron 50,00 € de más',
    );
    expect(inbox('en', [voided])).toContain(
      'Invoice F-2026-0007 (void) for Norte SL: given 50,00 € too much back',
    );
  });
});

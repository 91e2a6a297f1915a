/**
 * The conflicts inbox lists an invoice that owes money back to the customer (paid on two registers
 * offline, or voided after being paid): its number, customer and the amount in the business's
 * money, a link to the invoice, and no "mark reviewed" button (it leaves when the money given back
 * is recorded), in Spanish and in English.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
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
// The inbox's request answers with the test's items.
vi.mock('../../../components/useRemote', () => ({
  useRemote: () => [{ state: 'loaded', value: ui.items }, () => {}],
}));

const owed = {
  number: 'F-2026-0007',
  customerName: 'Norte SL',
  refundDue: 5_000,
  currency: 'EUR',
  voided: false,
};
const overpaid: SyncConflictView = {
  id: 'inv-1',
  kind: 'invoice-overpaid',
  createdAt: '2026-12-07T10:00:00.000Z',
  summary: 'Invoice F-2026-0007 owes 5000 (minor units, EUR) back to Norte SL',
  link: '/invoices/inv-1',
  invoiceOverpaid: owed,
  reviewable: false,
};

function inbox(lang: UiLanguage, items: SyncConflictView[]): string {
  ui.lang = lang;
  ui.items = items;
  const html = renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(ConflictsSection, { count: items.length })),
  );
  // Text as read, entities and the non-breaking spaces of money undone.
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\u00a0/g, ' ');
}

describe('conflicts inbox: invoices owing money back', () => {
  beforeEach(() => {
    ui.items = [];
  });

  // Money is written the business's way (es-ES, EUR) whatever the language of the screen.
  it('says which invoice, whose, and how much to give back, and links to the invoice', () => {
    const es = inbox('es', [overpaid]);
    expect(es).toContain('Factura cobrada de más');
    expect(es).toContain('Factura F-2026-0007 de Norte SL: hay que devolverle 50,00 €');
    expect(es).toContain('Registrar devolución al cliente');
    expect(es).toMatch(/<a href="\/invoices\/inv-1"[^>]*>Abrir<span class="sr-only">: Factura F-2026-0007/);
    expect(es).not.toContain('Marcar como revisado');

    const en = inbox('en', [overpaid]);
    expect(en).toContain('Invoice overpaid');
    expect(en).toContain('Invoice F-2026-0007 for Norte SL: 50,00 € to give back');
    expect(en).toContain('Record money given back');
    expect(en).not.toContain('Mark reviewed');
  });

  it('says when the invoice is void', () => {
    const voided = { ...overpaid, invoiceOverpaid: { ...owed, voided: true } };
    expect(inbox('es', [voided])).toContain(
      'Factura F-2026-0007 (anulada) de Norte SL: hay que devolverle 50,00 €',
    );
    expect(inbox('en', [voided])).toContain('Invoice F-2026-0007 (void) for Norte SL: 50,00 € to give back');
  });
});

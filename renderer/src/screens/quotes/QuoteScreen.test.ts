/**
 * A quote can be printed from its screen (the A4 page the email attaches), by anyone who works with
 * quotes and whatever its status: a converted or expired quote can still be handed over on paper.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { QuoteView, Role, UiLanguage } from '../../contract';
import { QuoteDetail } from './QuoteScreen';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage, role: 'OWNER' as Role }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: ui.role,
    tenant: { name: 'Café La Esquina', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

function quote(over: Partial<QuoteView> = {}): QuoteView {
  return {
    id: 'q1',
    number: 'Q-AB12-000003',
    status: 'open',
    customerId: 'c1',
    customerName: 'Coworking Norte SL',
    validUntil: '2026-12-25',
    currency: 'EUR',
    subtotal: 0,
    taxTotal: 0,
    total: 0,
    notes: null,
    invoiceId: null,
    saleId: null,
    saleNumber: null,
    createdAt: '2026-11-25T10:00:00Z',
    sentAt: null,
    convertedAt: null,
    pricing: { prices: 'exclusive', rounding: 'line' },
    lines: [],
    taxes: [],
    ...over,
  };
}

function buttons(document: QuoteView, role: Role = 'OWNER', lang: UiLanguage = 'es'): string[] {
  ui.role = role;
  ui.lang = lang;
  const html = renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(QuoteDetail, { quote: document, onChange: () => {} })),
  );
  return [...html.matchAll(/<button[^>]*>(.*?)<\/button>/g)].map((m) => m[1] ?? '');
}

describe('printing a quote', () => {
  it('is offered on an open quote, to staff as to owners', () => {
    expect(buttons(quote())).toContain('Imprimir presupuesto');
    expect(buttons(quote(), 'STAFF')).toContain('Imprimir presupuesto');
    expect(buttons(quote(), 'OWNER', 'en')).toContain('Print quote');
  });

  it('is still offered once the quote is converted or expired, when nothing else is', () => {
    const converted = quote({ status: 'converted', invoiceId: 'inv1', convertedAt: '2026-11-26T10:00:00Z' });
    expect(buttons(converted)).toEqual(['Imprimir presupuesto']);
    expect(buttons(quote({ status: 'expired' }))).toEqual(['Imprimir presupuesto']);
  });
});

/**
 * A draft invoice can be discarded from its screen, by the roles that manage invoices; an issued
 * one cannot (it is voided by credit note instead), and nor can a draft already discarded.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { InvoiceView, Role, UiLanguage } from '../../contract';
import { InvoiceDetail } from './InvoiceScreen';

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

function invoice(over: Partial<InvoiceView> = {}): InvoiceView {
  return {
    id: 'inv1',
    kind: 'invoice',
    number: null,
    status: 'draft',
    customerId: 'c1',
    source: { type: 'manual', id: null },
    correctsId: null,
    creditNoteId: null,
    correctsNumber: null,
    creditNoteNumber: null,
    refundCreditNotes: [],
    issueDate: null,
    currency: 'EUR',
    pricing: { prices: 'exclusive', rounding: 'line' },
    seller: { name: 'Café La Esquina S.L.', taxId: 'B12345678', address: null },
    buyer: { name: 'Coworking Norte SL', taxId: null, address: null, email: null },
    lines: [],
    taxes: [],
    subtotal: 0,
    taxTotal: 0,
    total: 0,
    paid: 0,
    balance: 0,
    payments: [],
    notes: null,
    createdAt: '2026-11-25T10:00:00Z',
    issuedAt: null,
    voidedAt: null,
    ...over,
  } as InvoiceView;
}

/** The names of the screen's buttons. */
function buttons(document: InvoiceView, role: Role = 'OWNER', lang: UiLanguage = 'es'): string[] {
  ui.role = role;
  ui.lang = lang;
  const html = renderToStaticMarkup(
    createElement(
      MemoryRouter,
      null,
      createElement(InvoiceDetail, { invoice: document, onChange: () => {} }),
    ),
  );
  return [...html.matchAll(/<button[^>]*>(.*?)<\/button>/g)].map((m) => m[1] ?? '');
}

describe('discarding a draft invoice', () => {
  it('is offered on a draft, beside issuing and editing it', () => {
    expect(buttons(invoice())).toEqual(['Emitir factura', 'Editar borrador', 'Descartar borrador']);
    expect(buttons(invoice(), 'ADMIN', 'en')).toContain('Discard draft');
  });

  it('is not offered to staff, who cannot manage invoices', () => {
    expect(buttons(invoice(), 'STAFF')).not.toContain('Descartar borrador');
  });

  it('is not offered once issued (voided by credit note instead) or once discarded', () => {
    const issued = buttons(invoice({ number: 'F-AB12-000001', status: 'issued', issueDate: '2026-11-25' }));
    expect(issued).not.toContain('Descartar borrador');
    expect(issued).toContain('Anular factura');
    // A discarded draft has no number: nothing to issue, print or send.
    expect(buttons(invoice({ status: 'void', voidedAt: '2026-11-25T11:00:00Z' }))).toEqual([]);
  });
});

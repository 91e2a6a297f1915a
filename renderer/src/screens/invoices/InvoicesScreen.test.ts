/**
 * A draft thrown away before issue (void, never numbered) is not an invoice that was cancelled:
 * the list names it "Borrador descartado", and the status filter lists those apart from the
 * invoices a credit note voided ("Anulada").
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { withPage } from '../../components/paged-list';
import type { InvoiceSummary, UiLanguage } from '../../contract';
import { InvoicesScreen } from './InvoicesScreen';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage, rows: [] as unknown[] }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: 'OWNER',
    tenant: { name: 'Tienda', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));
// The list answers with the rows the test gives.
vi.mock('../../components/usePagedList', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../components/usePagedList')>()),
  usePagedList: () => ({
    shown: {
      state: 'loaded',
      listed: withPage(null, { rows: ui.rows as InvoiceSummary[], next: null, total: ui.rows.length }),
      generation: 1,
      more: false,
      moreCode: null,
      firstNew: null,
    },
    loadMore: () => {},
  }),
}));

const invoice = (over: Partial<InvoiceSummary>): InvoiceSummary => ({
  id: 'i1',
  kind: 'invoice',
  number: 'F-AB12-000001',
  status: 'issued',
  customerId: 'c1',
  buyerName: 'Coworking Norte SL',
  issueDate: '2026-11-25',
  total: 6050,
  paid: 0,
  currency: 'EUR',
  createdAt: '2026-11-25T10:00:00Z',
  ...over,
});

const discarded = invoice({ id: 'discarded', number: null, status: 'void', issueDate: null });
const voided = invoice({ id: 'voided', number: 'F-AB12-000002', status: 'void' });
const draft = invoice({ id: 'draft', number: null, status: 'draft', issueDate: null });

function render(rows: InvoiceSummary[], lang: UiLanguage = 'es', path = '/invoices'): string {
  ui.lang = lang;
  ui.rows = rows;
  return renderToStaticMarkup(
    createElement(MemoryRouter, { initialEntries: [path] }, createElement(InvoicesScreen)),
  );
}

/** The row of an invoice: its header cell (the link) and its status cell. */
function row(html: string, id: string) {
  const tr = new RegExp(`<tr data-row-id="${id}">(.*?)</tr>`).exec(html)?.[1] ?? '';
  const cells = [...tr.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1] ?? '');
  return { link: cells[0] ?? '', status: cells[3] ?? '' };
}

describe('a discarded draft in the invoice list', () => {
  it('reads "Borrador descartado", with no number, not a draft voided like an issued invoice', () => {
    const html = render([discarded, voided, draft]);
    expect(row(html, 'discarded').link).toMatch(
      /<a href="\/invoices\/discarded"[^>]*>Borrador descartado<\/a>/,
    );
    expect(row(html, 'discarded').status).toBe('Borrador descartado');
    expect(row(html, 'voided').status).toBe('Anulada');
    expect(row(html, 'voided').link).toContain('F-AB12-000002');
    expect(row(html, 'draft').link).toContain('>Borrador</a>');
    expect(row(html, 'draft').status).toBe('Borrador');
  });

  it('is worded in English too', () => {
    const html = render([discarded]);
    const en = render([discarded], 'en');
    expect(html).not.toBe(en);
    expect(row(en, 'discarded').link).toContain('>Discarded draft</a>');
    expect(row(en, 'discarded').status).toBe('Discarded draft');
  });

  it('has its own value in the status filter, kept in the address', () => {
    const html = render([discarded], 'es', '/invoices?status=discarded');
    expect(html).toMatch(/<option value="void">Anulada<\/option>/);
    expect(html).toMatch(/<option value="discarded" selected="">Borrador descartado<\/option>/);
  });
});

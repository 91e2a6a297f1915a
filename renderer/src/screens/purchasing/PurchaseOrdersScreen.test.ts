/**
 * The purchase order list a page at a time: it says how many of how many orders it shows
 * ("Mostrando 50 de 120 pedidos") and offers "Cargar más" while some are not shown, asking the
 * API for the page after the last one shown.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { ListPage } from '../../components/paged-list';
import { withPage } from '../../components/paged-list';
import type { PurchaseOrderSummary, UiLanguage } from '../../contract';
import { PurchaseOrdersScreen } from './PurchaseOrdersScreen';

const ui = vi.hoisted(() => ({
  lang: 'es' as UiLanguage,
  page: { rows: [], next: null, total: 0 } as { rows: unknown[]; next: string | null; total: number },
  load: null as null | ((after?: string) => Promise<unknown>),
  asked: [] as unknown[],
}));
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
vi.mock('../../api/purchasing', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../api/purchasing')>();
  return {
    purchasingApi: {
      ...real.purchasingApi,
      orders: (filters: unknown) => {
        ui.asked.push(filters);
        return Promise.resolve({ orders: [], next: 'after-that', total: 120 });
      },
    },
  };
});
// The list answers with the page the test gives; the screen's loader is kept to call.
vi.mock('../../components/usePagedList', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../components/usePagedList')>()),
  usePagedList: (load: (after?: string) => Promise<unknown>) => {
    ui.load = load;
    return {
      shown: {
        state: 'loaded',
        listed: withPage(null, ui.page as ListPage<PurchaseOrderSummary>),
        generation: 1,
        more: false,
        moreCode: null,
        firstNew: null,
      },
      loadMore: () => {},
    };
  },
}));

const order = (n: number): PurchaseOrderSummary => ({
  id: `po${n}`,
  number: `OC-${String(n).padStart(5, '0')}`,
  supplierId: 's1',
  supplierName: 'Cafés del Sur',
  status: 'draft',
  total: 300,
  lines: 1,
  createdAt: '2026-11-25T10:00:00Z',
  sentAt: null,
});

function render(page: typeof ui.page, lang: UiLanguage = 'es'): string {
  ui.lang = lang;
  ui.page = page;
  return renderToStaticMarkup(
    createElement(
      MemoryRouter,
      { initialEntries: ['/purchase-orders'] },
      createElement(PurchaseOrdersScreen),
    ),
  );
}

const firstOf120 = () => ({
  rows: Array.from({ length: 50 }, (_, n) => order(120 - n)),
  next: 'c50',
  total: 120,
});

describe('the purchase order list, page by page', () => {
  it('shows the first page, how many of how many, and "Cargar más"', () => {
    const html = render(firstOf120());
    expect(html.match(/<tr data-row-id="po\d+">/g)).toHaveLength(50);
    expect(html).toMatch(/<p role="status"[^>]*>Mostrando 50 de 120 pedidos<\/p>/);
    expect(html).toMatch(
      /<button type="button" class="button-secondary load-more"[^>]*>Cargar más<\/button>/,
    );
  });

  it('is worded in English too', () => {
    const html = render(firstOf120(), 'en');
    expect(html).toMatch(/<p role="status"[^>]*>Showing 50 of 120 orders<\/p>/);
    expect(html).toMatch(/<button[^>]*>Load more<\/button>/);
  });

  it('offers no more once every order is shown', () => {
    const html = render({ rows: [order(2), order(1)], next: null, total: 2 });
    expect(html).toMatch(/Mostrando 2 de 2 pedidos/);
    expect(html).not.toContain('Cargar más');
  });

  it('asks the API for a page of 50 after the last one shown', async () => {
    render(firstOf120());
    ui.asked = [];
    const page = await ui.load?.('c50');
    expect(ui.asked).toEqual([{ status: '', limit: 50, after: 'c50' }]);
    expect(page).toEqual({ rows: [], next: 'after-that', total: 120 });
  });
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { UiLanguage } from '../contract';
import { firstAdded, LIST_PAGE, type Listed, type ListPage, withPage } from './paged-list';
import { LoadMore } from './usePagedList';

// The footer reads the UI language and the business (for number formats) from the app's stores.
const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Tienda', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

interface Row {
  id: string;
}

/** A paged endpoint over `all` (newest first): `limit` rows after the cursor, the next cursor, the count. */
const endpoint =
  (all: Row[]) =>
  (after?: string): ListPage<Row> => {
    const start = after ? all.findIndex((r) => r.id === after) + 1 : 0;
    const rows = all.slice(start, start + LIST_PAGE);
    const last = rows[rows.length - 1];
    return { rows, next: start + LIST_PAGE < all.length && last ? last.id : null, total: all.length };
  };

const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `r${from + i}` }));

describe('a list shown page by page', () => {
  it('reaches every one of 312 rows, "Load more" after "Load more", counting "x of 312"', () => {
    const all = rows(312);
    const api = endpoint(all);
    let listed = withPage(null, api());
    const counts = [[listed.rows.length, listed.total]];
    while (listed.next) {
      listed = withPage(listed, api(listed.next));
      counts.push([listed.rows.length, listed.total]);
    }
    expect(counts).toEqual([50, 100, 150, 200, 250, 300, 312].map((n) => [n, 312]));
    expect(listed.rows).toEqual(all);
  });

  it('keeps once a row a record added meanwhile pushed onto the next page', () => {
    const first = withPage(null, { rows: rows(3), next: 'r2', total: 5 });
    const next = withPage(first, { rows: rows(3, 2), next: null, total: 6 });
    expect(next.rows.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(firstAdded(first, next)).toBe('r3');
  });

  it('ends on an answer without a cursor (an older server), an empty page or a cursor that does not move', () => {
    expect(withPage(null, { rows: rows(200) })).toEqual({ rows: rows(200), next: null, total: 200 });
    const first = withPage(null, { rows: rows(2), next: 'r1', total: 9 });
    expect(withPage(first, { rows: [], next: 'r9', total: 9 })).toMatchObject({ next: null, total: 2 });
    expect(withPage(first, { rows: rows(2, 2), next: 'r1', total: 9 })).toMatchObject({
      next: null,
      total: 4,
    });
  });

  it('says how many are shown of how many match, and offers more only while some are not shown', () => {
    const render = (listed: Listed<Row>) =>
      renderToStaticMarkup(
        createElement(LoadMore<Row>, {
          shown: { state: 'loaded', listed, generation: 1, more: false, moreCode: null, firstNew: null },
          loadMore: () => {},
          countKey: 'invoices.shown',
          rows: { current: null },
        }),
      );
    const first = withPage(null, endpoint(rows(312))());
    ui.lang = 'es';
    expect(render(first)).toContain('50 de 312 facturas');
    expect(render(first)).toContain('Cargar más');
    ui.lang = 'en';
    expect(render(first)).toContain('50 of 312 invoices');
    expect(render(first)).toMatch(/<button type="button"[^>]*>Load more<\/button>/);
    const all = withPage(null, endpoint(rows(12))());
    expect(render(all)).toContain('12 of 12 invoices');
    expect(render(all)).not.toContain('Load more');
  });
});

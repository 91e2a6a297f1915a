import { describe, expect, it } from 'vitest';
import type { SaleSummary } from '../../contract';
import { appendPage, HISTORY_PAGE, historyFilterErrors, historyQuery, nextOffset } from './history-page';

const sale = (n: number): SaleSummary => ({
  id: `s${n}`,
  number: `T-AB12-${String(n).padStart(6, '0')}`,
  createdAt: '2026-12-07T10:00:00.000Z',
  shiftId: 'sh1',
  customerId: null,
  customerName: null,
  actorName: null,
  total: 100,
  refundedTotal: 0,
  methods: ['cash'],
});

/** The API's answer for `limit`/`offset` over `all` matching sales, newest first, with their count. */
const answer = (all: SaleSummary[], q: { limit: number; offset: number }) => ({
  sales: all.slice(q.offset, q.offset + q.limit),
  total: all.length,
});

const filters = { from: '', to: '', number: '' };

describe('the sales history list', () => {
  it('asks page by page and reaches every one of 312 sales, counting "x of 312"', () => {
    const all = Array.from({ length: 312 }, (_, i) => sale(312 - i));
    let page = appendPage(null, answer(all, historyQuery(filters, 0)));
    expect([page.sales.length, page.total]).toEqual([HISTORY_PAGE, 312]);
    const counts = [page.sales.length];
    for (let offset = nextOffset(page); offset !== null; offset = nextOffset(page)) {
      page = appendPage(page, answer(all, historyQuery(filters, offset)));
      counts.push(page.sales.length);
    }
    expect(counts).toEqual([50, 100, 150, 200, 250, 300, 312]);
    expect(page.sales.map((s) => s.id)).toEqual(all.map((s) => s.id));
  });

  it('offers no more when everything matching is shown', () => {
    const page = appendPage(null, answer([sale(2), sale(1)], historyQuery(filters, 0)));
    expect(nextOffset(page)).toBeNull();
    expect(page.total).toBe(2);
  });

  it('shows a sale once when one recorded meanwhile pushes it onto the next page', () => {
    const all = Array.from({ length: 60 }, (_, i) => sale(60 - i));
    let page = appendPage(null, answer(all, historyQuery(filters, 0)));
    all.unshift(sale(61)); // sold at the counter while the list was open
    const offset = nextOffset(page);
    expect(offset).toBe(50);
    page = appendPage(page, answer(all, historyQuery(filters, offset ?? 0)));
    expect(new Set(page.sales.map((s) => s.id)).size).toBe(page.sales.length);
    expect(page.sales.map((s) => s.id)).toEqual(all.slice(1).map((s) => s.id));
    // Every older sale has been asked for: no "load more" that would bring nothing new.
    expect(nextOffset(page)).toBeNull();
  });

  it('sends the filters with the page', () => {
    expect(historyQuery({ from: '2026-12-01', to: '', number: ' T-AB12 ' }, 50)).toEqual({
      from: '2026-12-01',
      to: undefined,
      number: 'T-AB12',
      limit: 50,
      offset: 50,
    });
  });
});

describe('the sales history date filters', () => {
  const range = (from: string, to: string) => ({ from, to, number: '' });

  it('marks a day that is not on the calendar on its own field, as the API refuses it', () => {
    expect(historyFilterErrors(range('2026-13-45', ''))).toEqual({ from: 'date-invalid' });
    expect(historyFilterErrors(range('2026-11-01', '2026-02-30'))).toEqual({ to: 'date-invalid' });
    expect(historyFilterErrors(range('2026-02-29', '2026-13-01'))).toEqual({
      from: 'date-invalid',
      to: 'date-invalid',
    });
  });

  it('marks "To" when the range ends before it starts', () => {
    expect(historyFilterErrors(range('2026-11-26', '2026-11-25'))).toEqual({ to: 'to-before-from' });
  });

  it('marks a date the input could not read, rather than asking for every day', () => {
    expect(historyFilterErrors(range('', '2026-11-25'), { from: true })).toEqual({ from: 'date-invalid' });
  });

  it('lets real days, one-day ranges, leap days and open ends through', () => {
    for (const [from, to] of [
      ['2026-11-25', '2026-11-25'],
      ['2028-02-29', ''],
      ['', '2026-12-31'],
      ['', ''],
    ] as const) {
      expect(historyFilterErrors(range(from, to)), `${from}..${to}`).toEqual({});
    }
  });
});

import { describe, expect, it } from 'vitest';
import { filterParams, filtersFromSearch, hasFilters, NO_FILTERS } from './invoice-filters';

describe('invoice filters', () => {
  it('send only what is set', () => {
    expect(filterParams(NO_FILTERS)).toEqual({});
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(filterParams({ ...NO_FILTERS, status: 'paid', q: '  F-001 ' })).toEqual({
      status: 'paid',
      q: 'F-001',
    });
  });

  it('swap a date range typed backwards', () => {
    expect(filterParams({ ...NO_FILTERS, from: '2026-03-31', to: '2026-03-01' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
  });

  it('round-trip through the address', () => {
    const filters = {
      status: 'issued' as const,
      customerId: 'c1',
      from: '2026-01-01',
      to: '2026-01-31',
      q: 'Ana',
    };
    expect(filtersFromSearch(new URLSearchParams(filterParams(filters)))).toEqual(filters);
  });

  it('ignore an unknown status or a malformed date in the address', () => {
    expect(filtersFromSearch(new URLSearchParams('status=lost&from=31/01/2026&to=2026-02-01'))).toEqual({
      ...NO_FILTERS,
      to: '2026-02-01',
    });
  });
});

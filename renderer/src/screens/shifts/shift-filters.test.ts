import { describe, expect, it } from 'vitest';
import { shiftFilterErrors, shiftsQuery } from './shift-filters';

const filters = (from: string, to: string) => ({ status: '' as const, from, to });

describe('the shifts history date filters', () => {
  it('refuse a range ending before it starts on the "To" field, as the API does', () => {
    expect(shiftFilterErrors(filters('2026-11-26', '2026-11-25'))).toEqual({ to: 'to-before-from' });
  });

  it('take a one-day range, an open end and no dates at all', () => {
    expect(shiftFilterErrors(filters('2026-11-25', '2026-11-25'))).toEqual({});
    expect(shiftFilterErrors(filters('2026-11-25', ''))).toEqual({});
    expect(shiftFilterErrors(filters('', '2026-11-25'))).toEqual({});
    expect(shiftFilterErrors(filters('', ''))).toEqual({});
  });

  it('mark a date the input could not read instead of listing every day', () => {
    expect(shiftFilterErrors(filters('', '2026-11-25'), { from: true })).toEqual({ from: 'date-invalid' });
  });

  it('ask the API for the days and status chosen, leaving out the empty ones', () => {
    expect(shiftsQuery({ status: 'closed', from: '2026-11-25', to: '' })).toEqual({
      status: 'closed',
      from: '2026-11-25',
      to: undefined,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { auditSearchParams, compactValue, NO_FILTERS, summariseChange } from './audit-diff';

describe('audit change summary', () => {
  it('lists only the keys whose value changed', () => {
    expect(summariseChange({ name: 'A', currency: 'EUR' }, { name: 'B', currency: 'EUR' })).toEqual([
      { key: 'name', before: 'A', after: 'B' },
    ]);
  });

  it('shows every key of a created entity as new', () => {
    expect(summariseChange(null, { role: 'STAFF', active: true })).toEqual([
      { key: 'role', before: null, after: 'STAFF' },
      { key: 'active', before: null, after: 'true' },
    ]);
  });

  it('shows removed keys with no after value', () => {
    expect(summariseChange({ pin: 'set' }, {})).toEqual([{ key: 'pin', before: 'set', after: null }]);
  });

  it('compares nested values by content and shortens long ones', () => {
    expect(summariseChange({ a: { x: 1 } }, { a: { x: 1 } })).toEqual([]);
    expect(compactValue('x'.repeat(100))).toHaveLength(40);
  });

  it('summarises non-object values as a whole', () => {
    expect(summariseChange(1, 2)).toEqual([{ key: '', before: '1', after: '2' }]);
    expect(summariseChange(null, null)).toEqual([]);
  });
});

describe('audit query', () => {
  it('leaves out empty filters and passes the cursor', () => {
    const params = auditSearchParams({ ...NO_FILTERS, command: ' users.invite ' }, 50, 'cursor-1');
    expect(params.toString()).toBe('command=users.invite&limit=50&before=cursor-1');
  });

  it('turns an inclusive date range into instants from the start of the first day to the next day', () => {
    const params = auditSearchParams({ ...NO_FILTERS, from: '2025-03-01', to: '2025-03-01' }, 10);
    const from = new Date(params.get('from') ?? '');
    const to = new Date(params.get('to') ?? '');
    expect(to.getTime() - from.getTime()).toBeGreaterThanOrEqual(23 * 3600_000);
    expect(from.getDate()).toBe(1);
  });
});

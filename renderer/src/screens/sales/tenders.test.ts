import { describe, expect, it } from 'vitest';
import { cashTender, changeOf, fullyPaid, remainingDue } from './tenders';

describe('tenders', () => {
  it('gives change for cash handed over beyond what is due', () => {
    expect(cashTender(1250, 2000)).toEqual({ amount: 1250, change: 750 });
  });

  it('counts short cash in full and leaves the rest due', () => {
    expect(cashTender(1250, 1000)).toEqual({ amount: 1000, change: 0 });
    expect(remainingDue(1250, [{ amount: 1000 }])).toBe(250);
  });

  it('adds up split tenders and the change of the cash ones', () => {
    const tenders = [
      { id: 'a', method: 'card', amount: 1000, reference: '1234' },
      { id: 'b', method: 'cash', amount: 250, tendered: 500 },
    ];
    expect(remainingDue(1250, tenders)).toBe(0);
    expect(fullyPaid(1250, tenders)).toBe(true);
    expect(changeOf(tenders)).toBe(250);
  });

  it('is not fully paid without tenders or while something is due', () => {
    expect(fullyPaid(100, [])).toBe(false);
    expect(fullyPaid(100, [{ amount: 99 }])).toBe(false);
  });
});

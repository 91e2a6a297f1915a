import { describe, expect, it } from 'vitest';
import { SubmitAttempt } from './submit-attempt';

const sale = (qty: number) => ({
  lines: [{ id: 'l1', productId: 'p1', qty }],
  payments: [{ method: 'cash', amount: 500 }],
});

describe('sending a sale again after its answer was lost', () => {
  it('reuses the record id and idempotency key while the sale is the same', () => {
    const attempt = new SubmitAttempt();
    const first = attempt.idsFor(sale(1));
    expect(first.id).not.toBe(first.key);
    expect(attempt.idsFor(sale(1))).toEqual(first);
  });

  it('takes new ones once the cart or the payment changed', () => {
    const attempt = new SubmitAttempt();
    const first = attempt.idsFor(sale(1));
    const changed = attempt.idsFor(sale(2));
    expect(changed.id).not.toBe(first.id);
    expect(changed.key).not.toBe(first.key);
  });

  it('takes new ones for the next sale once this one was answered, even if it is the same', () => {
    const attempt = new SubmitAttempt();
    const first = attempt.idsFor(sale(1));
    attempt.done();
    const next = attempt.idsFor(sale(1));
    expect(next.id).not.toBe(first.id);
    expect(next.key).not.toBe(first.key);
  });
});

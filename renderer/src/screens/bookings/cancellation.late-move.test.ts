import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { cancelWarning, lateCancellation } from './cancellation';

// Moved at 20:00 from the 26th 09:00 to a week later: outside its window now, but it owes the fee.
const moved = {
  startsAt: '2026-12-03T09:00:00.000Z',
  endsAt: '2026-12-03T10:00:00.000Z',
  status: 'confirmed',
  price: { gross: 2000 },
  lateFeeLiability: 500,
};
const rules = { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } } as const;
const now = new Date('2026-11-25T20:00:00.000Z');
const money = (minor: number) => `${minor / 100} €`;

describe('cancel warning of a booking moved inside its cancellation window', () => {
  it('warns of the fee it still owes, saying why, in Spanish and English', () => {
    const late = lateCancellation(moved, rules, now);
    expect(late).toMatchObject({ late: true, fee: 500, started: false });
    expect(cancelWarning(createTranslator('es'), late, money)).toBe(
      'Cancelación tardía: se movió o se alargó dentro del plazo de cancelación, así que se cobrará una penalización de 5 € y los créditos usados no se devuelven.',
    );
    expect(cancelWarning(createTranslator('en'), late, money)).toContain('a fee of 5 €');
  });

  it('owes no fee when the policy had none, but still keeps the credits', () => {
    const late = lateCancellation(
      { ...moved, lateFeeLiability: 0 },
      { ...rules, lateFee: { kind: 'none' } },
      now,
    );
    expect(late).toMatchObject({ late: true, fee: 0 });
    expect(cancelWarning(createTranslator('en'), late, money)).toBe(
      'Late cancellation: it was moved or extended inside its cancellation window, so the credits used are not returned.',
    );
  });

  it('back inside a window, takes the larger of the two fees; never moved late, nothing to warn', () => {
    const inside = { ...moved, startsAt: '2026-11-26T09:00:00.000Z', endsAt: '2026-11-26T10:00:00.000Z' };
    const percent = { ...rules, lateFee: { kind: 'percent', bp: 5000 } } as const;
    expect(lateCancellation({ ...inside, lateFeeLiability: 300 }, percent, now).fee).toBe(1000);
    expect(lateCancellation({ ...inside, lateFeeLiability: 1500 }, percent, now).fee).toBe(1500);
    expect(
      cancelWarning(
        createTranslator('es'),
        lateCancellation({ ...moved, lateFeeLiability: null }, rules, now),
        money,
      ),
    ).toBe(null);
  });
});

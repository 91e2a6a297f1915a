import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { cancelWarning, checkInWindow, lateCancellation } from './cancellation';

const booking = {
  startsAt: '2026-11-26T09:00:00.000Z',
  endsAt: '2026-11-26T11:00:00.000Z',
  status: 'confirmed',
  price: { gross: 4000 },
};
const now = new Date('2026-11-25T12:00:00.000Z'); // 21 hours before the start

describe('late cancellation warning', () => {
  it('is on time outside the window', () => {
    expect(
      lateCancellation(booking, { cancellationWindowMin: 60, lateFee: { kind: 'amount', amount: 500 } }, now),
    ).toEqual({
      late: false,
      fee: 0,
      started: false,
      ended: false,
    });
  });

  it('predicts a fixed or a percentage fee inside the window', () => {
    const window = 24 * 60;
    expect(
      lateCancellation(
        booking,
        { cancellationWindowMin: window, lateFee: { kind: 'amount', amount: 500 } },
        now,
      ),
    ).toEqual({
      late: true,
      fee: 500,
      started: false,
      ended: false,
    });
    expect(
      lateCancellation(
        booking,
        { cancellationWindowMin: window, lateFee: { kind: 'percent', bp: 5000 } },
        now,
      ).fee,
    ).toBe(2000);
    expect(
      lateCancellation(booking, { cancellationWindowMin: window, lateFee: { kind: 'none' } }, now),
    ).toEqual({
      late: true,
      fee: 0,
      started: false,
      ended: false,
    });
  });
});

describe('late cancellation of a pending booking', () => {
  it('is never late', () => {
    expect(
      lateCancellation(
        { ...booking, status: 'pending' },
        { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
        now,
      ),
    ).toEqual({ late: false, fee: 0, started: false, ended: false });
  });

  it('is late like a confirmed one when it only awaits the hub (the hub, where it is confirmed, charges)', () => {
    expect(
      lateCancellation(
        { ...booking, status: 'pending', pendingReason: 'hub' },
        { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } },
        now,
      ),
    ).toEqual({ late: true, fee: 500, started: false, ended: false });
  });
});

describe('cancelling a booking whose time has come', () => {
  const rules = { cancellationWindowMin: 24 * 60, lateFee: { kind: 'amount', amount: 500 } } as const;
  const es = createTranslator('es');
  const money = (minor: number) => `${minor / 100} €`;

  it('once started warns that the whole charge stays, not a late fee (the server keeps it, like a no-show)', () => {
    const started = lateCancellation(booking, rules, new Date('2026-11-26T09:30:00.000Z'));
    expect(started).toEqual({ late: true, fee: 0, started: true, ended: false });
    expect(cancelWarning(es, started, money)).toBe(
      'Ya ha empezado: se libera lo que queda del hueco, pero se cobra entera y los créditos usados no se devuelven.',
    );
    // Before the start, inside the window: the fee.
    const late = lateCancellation(booking, rules, new Date('2026-11-26T08:30:00.000Z'));
    expect(cancelWarning(es, late, money)).toContain('penalización de 5 €');
    expect(cancelWarning(es, lateCancellation(booking, rules, now), money)).toContain('penalización');
    expect(
      cancelWarning(es, lateCancellation(booking, { ...rules, cancellationWindowMin: 60 }, now), money),
    ).toBe(null);
  });

  it('once over is not offered (the server answers booking-ended); a request never approved can still be withdrawn', () => {
    const after = new Date('2026-11-26T11:00:00.000Z');
    expect(lateCancellation(booking, rules, after).ended).toBe(true);
    expect(lateCancellation({ ...booking, status: 'pending' }, rules, after)).toEqual({
      late: false,
      fee: 0,
      started: false,
      ended: false,
    });
  });
});

describe('check-in window', () => {
  const rules = { checkInBeforeMin: 15, checkInAfterMin: 30 };
  const start = { startsAt: '2026-11-26T09:00:00.000Z' };
  it('opens before the start and closes after it', () => {
    expect(checkInWindow(start, rules, new Date('2026-11-26T08:40:00.000Z'))).toEqual({
      state: 'early',
      opensAt: '2026-11-26T08:45:00.000Z',
    });
    expect(checkInWindow(start, rules, new Date('2026-11-26T08:45:00.000Z'))).toEqual({ state: 'open' });
    expect(checkInWindow(start, rules, new Date('2026-11-26T09:30:00.000Z'))).toEqual({ state: 'open' });
    expect(checkInWindow(start, rules, new Date('2026-11-26T09:31:00.000Z'))).toEqual({ state: 'closed' });
  });
});

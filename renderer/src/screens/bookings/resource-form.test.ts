import { describe, expect, it } from 'vitest';
import type { ResourceView } from '../../contract';
import {
  blankResource,
  FormInvalid,
  openingHoursControls,
  placeFieldErrors,
  resourceRequest,
  resourceValues,
  settingsRequest,
  settingsValues,
} from './resource-form';

describe('resource form', () => {
  it('turns typed Spanish money, hours and rules into the request', () => {
    const v = blankResource('loc-1');
    const request = resourceRequest(
      {
        ...blankResource('loc-1'),
        name: 'Sala Norte',
        capacity: '8',
        amenities: 'pantalla, pizarra',
        pricePerHour: '25,50',
        pricePerDay: '150',
        taxRate: '21',
        ownHours: true,
        hours: v.hours.map((d, i) => (i === 0 ? [{ open: '08:00', close: '20:00' }] : d)),
        closedDates: '2026-12-25\n2027-01-01',
        rules: { ...v.rules, slotGranularityMin: '30', bufferAfterMin: '15' },
        approvalRequired: 'yes',
        lateFeeKind: 'percent',
        lateFeeValue: '50',
      },
      'EUR',
      'es-ES',
    );
    expect(request).toMatchObject({
      name: 'Sala Norte',
      capacity: 8,
      amenities: ['pantalla', 'pizarra'],
      pricePerHour: 2550,
      pricePerHalfDay: null,
      pricePerDay: 15000,
      taxRateBp: 2100,
      closedDates: ['2026-12-25', '2027-01-01'],
      rules: {
        slotGranularityMin: 30,
        bufferAfterMin: 15,
        approvalRequired: true,
        lateFee: { kind: 'percent', bp: 5000 },
      },
    });
    expect(request.openingHours?.[0]).toEqual({ weekday: 1, open: '08:00', close: '20:00' });
    expect(request.openingHours).toHaveLength(5);
  });

  it('follows the business hours and rules when left empty', () => {
    const request = resourceRequest(
      { ...blankResource('l'), name: 'Cabina', pricePerHour: '5' },
      'EUR',
      'es-ES',
    );
    expect(request.openingHours).toBeNull();
    expect(request.rules).toEqual({});
  });

  it('names every bad field at once', () => {
    try {
      resourceRequest(
        { ...blankResource('l'), capacity: '0', pricePerHour: 'abc', closedDates: 'mañana' },
        'EUR',
        'es-ES',
      );
      expect.unreachable();
    } catch (error) {
      expect((error as FormInvalid).errors).toEqual({
        capacity: 'capacity-required',
        pricePerHour: 'amount-not-a-number',
        closedDates: 'invalid-date',
      });
    }
  });

  it('reads a stored resource back into the form', () => {
    const view = {
      type: 'hot_desk',
      name: 'Zona abierta',
      capacity: 12,
      locationId: 'l',
      amenities: ['wifi'],
      photo: null,
      pricePerHour: 350,
      pricePerHalfDay: null,
      pricePerDay: 2000,
      taxRateBp: 2100,
      currency: 'EUR',
      openingHours: null,
      effectiveOpeningHours: [
        { weekday: 2, open: '09:00', close: '14:00' },
        { weekday: 2, open: '15:00', close: '19:00' },
      ],
      closedDates: [],
      active: true,
      rules: { maxAdvanceDays: 30, lateFee: { kind: 'amount', amount: 500 } },
    } as unknown as ResourceView;
    const values = resourceValues(view, 'es-ES');
    expect(values).toMatchObject({
      pricePerHour: '3,50',
      pricePerDay: '20,00',
      taxRate: '21',
      ownHours: false,
      lateFeeKind: 'amount',
      lateFeeValue: '5,00',
    });
    expect(values.rules.maxAdvanceDays).toBe('30');
    expect(values.hours[1]).toEqual([
      { open: '09:00', close: '14:00' },
      { open: '15:00', close: '19:00' },
    ]);
    expect(values.hours[0]).toEqual([]);
  });
});

const settingsFixture = () => ({
  rules: {
    minDurationMin: 15,
    maxDurationMin: 720,
    slotGranularityMin: 15,
    bufferBeforeMin: 0,
    bufferAfterMin: 10,
    minNoticeMin: 0,
    maxAdvanceDays: 180,
    approvalRequired: false,
    cancellationWindowMin: 1440,
    lateFee: { kind: 'amount' as const, amount: 750 },
    checkInBeforeMin: 15,
    checkInAfterMin: 30,
    releaseOnNoShow: true,
  },
  openingHours: [{ weekday: 1, open: '08:00', close: '20:00' }],
  closedDates: ['2026-12-25'],
});

describe('opening hours with a break', () => {
  const SPLIT_TUESDAY = [
    { weekday: 2, open: '17:00', close: '20:30' },
    { weekday: 1, open: '09:00', close: '18:00' },
    { weekday: 2, open: '09:00', close: '14:00' },
  ];
  const stored = (openingHours: typeof SPLIT_TUESDAY | null) =>
    ({
      ...resourceRequest({ ...blankResource('l'), name: 'Sala', pricePerHour: '10' }, 'EUR', 'es-ES'),
      currency: 'EUR',
      openingHours,
      effectiveOpeningHours: openingHours ?? [],
    }) as unknown as ResourceView;
  const invalid = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof FormInvalid) return error.errors;
      throw error;
    }
    throw new Error('the form was accepted');
  };

  it('keeps both intervals of a split day from load to save, each day sorted', () => {
    const values = resourceValues(stored(SPLIT_TUESDAY), 'es-ES');
    expect(values.hours[1]).toEqual([
      { open: '09:00', close: '14:00' },
      { open: '17:00', close: '20:30' },
    ]);
    expect(resourceRequest({ ...values, name: 'Sala Sur' }, 'EUR', 'es-ES').openingHours).toEqual([
      { weekday: 1, open: '09:00', close: '18:00' },
      { weekday: 2, open: '09:00', close: '14:00' },
      { weekday: 2, open: '17:00', close: '20:30' },
    ]);
  });

  it('keeps a split day in the business settings too', () => {
    const values = settingsValues({ ...settingsFixture(), openingHours: SPLIT_TUESDAY }, 'EUR', 'es-ES');
    expect(settingsRequest(values, 'EUR', 'es-ES').openingHours).toHaveLength(3);
    expect(values.hours[1]).toHaveLength(2);
  });

  it('sends a day closed when its intervals are removed', () => {
    const values = resourceValues(stored(SPLIT_TUESDAY), 'es-ES');
    const hours = values.hours.map((day, d) => (d === 1 ? [] : day));
    expect(resourceRequest({ ...values, hours }, 'EUR', 'es-ES').openingHours).toEqual([
      { weekday: 1, open: '09:00', close: '18:00' },
    ]);
  });

  it('refuses a close not after its open, on that interval', () => {
    const values = resourceValues(stored(SPLIT_TUESDAY), 'es-ES');
    const hours = values.hours.map((day, d) =>
      d === 1 ? [day[0] ?? { open: '', close: '' }, { open: '17:00', close: '16:00' }] : day,
    );
    expect(invalid(() => resourceRequest({ ...values, hours }, 'EUR', 'es-ES'))).toEqual({
      'openingHours.2.close': 'close-not-after-open',
    });
    const same = values.hours.map((day, d) => (d === 0 ? [{ open: '10:00', close: '10:00' }] : day));
    expect(invalid(() => resourceRequest({ ...values, hours: same }, 'EUR', 'es-ES'))).toEqual({
      'openingHours.0.close': 'close-not-after-open',
    });
  });

  it('refuses overlapping intervals of one day but not touching ones or other days', () => {
    const values = resourceValues(stored(SPLIT_TUESDAY), 'es-ES');
    const overlapping = values.hours.map((day, d) =>
      d === 1
        ? [
            { open: '09:00', close: '14:00' },
            { open: '13:30', close: '20:30' },
          ]
        : day,
    );
    expect(invalid(() => resourceRequest({ ...values, hours: overlapping }, 'EUR', 'es-ES'))).toEqual({
      'openingHours.2.open': 'intervals-overlap',
    });
    const touching = values.hours.map((day, d) =>
      d === 1
        ? [
            { open: '09:00', close: '14:00' },
            { open: '14:00', close: '20:30' },
          ]
        : day,
    );
    expect(resourceRequest({ ...values, hours: touching }, 'EUR', 'es-ES').openingHours).toHaveLength(3);
  });

  it('names an empty time in the business settings', () => {
    const values = settingsValues(settingsFixture(), 'EUR', 'es-ES');
    const hours = values.hours.map((day, d) => (d === 0 ? [{ open: '', close: '20:00' }] : day));
    expect(invalid(() => settingsRequest({ ...values, hours }, 'EUR', 'es-ES'))).toEqual({
      'openingHours.0.open': 'time-required',
    });
  });

  it("puts the server's error on the interval it names", () => {
    const values = resourceValues(stored(SPLIT_TUESDAY), 'es-ES');
    const controls = [...openingHoursControls(values.hours), 'openingHours', 'name'];
    expect(
      placeFieldErrors(
        { 'openingHours.2.close': 'close-before-open', 'openingHours.1.weekday': 'too-big' },
        controls,
      ),
    ).toEqual({
      errors: { 'openingHours.2.close': 'close-before-open', openingHours: 'too-big' },
      unplaced: false,
    });
    expect(placeFieldErrors({ openingHours: 'too-big' }, controls).errors).toEqual({
      openingHours: 'too-big',
    });
  });
});

describe('business booking settings form', () => {
  const settings = {
    rules: {
      minDurationMin: 15,
      maxDurationMin: 720,
      slotGranularityMin: 15,
      bufferBeforeMin: 0,
      bufferAfterMin: 10,
      minNoticeMin: 0,
      maxAdvanceDays: 180,
      approvalRequired: false,
      cancellationWindowMin: 1440,
      lateFee: { kind: 'amount' as const, amount: 750 },
      checkInBeforeMin: 15,
      checkInAfterMin: 30,
      releaseOnNoShow: true,
    },
    openingHours: [{ weekday: 1, open: '08:00', close: '20:00' }],
    closedDates: ['2026-12-25'],
  };

  it('round-trips the stored settings through the form', () => {
    const values = settingsValues(settings, 'EUR', 'es-ES');
    expect(values.lateFeeValue).toBe('7,50');
    expect(settingsRequest(values, 'EUR', 'es-ES')).toEqual(settings);
  });

  it('requires every rule as a whole number', () => {
    const values = settingsValues(settings, 'EUR', 'es-ES');
    expect(() =>
      settingsRequest({ ...values, rules: { ...values.rules, maxAdvanceDays: '' } }, 'EUR', 'es-ES'),
    ).toThrow(FormInvalid);
  });
});

describe('placing server field errors on the form', () => {
  it('puts nested fields on their control and reports the ones without a control', () => {
    expect(
      placeFieldErrors({ 'openingHours.2.close': 'close-before-open', 'rules.minDurationMin': 'too-small' }, [
        'openingHours',
        'rules.minDurationMin',
      ]),
    ).toEqual({
      errors: { openingHours: 'close-before-open', 'rules.minDurationMin': 'too-small' },
      unplaced: false,
    });
    expect(placeFieldErrors({ 'skip.0': 'unknown-occurrence' }, ['start']).unplaced).toBe(true);
  });
});

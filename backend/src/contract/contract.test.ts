import { describe, expect, it } from 'vitest';
import { businessFields } from './index.js';

const business = { name: 'Tienda', currency: 'eur', timeZone: 'Europe/Madrid', locale: 'es-ES' };

describe('business fields', () => {
  it.each(['UTC', 'Asia/Kolkata', 'Asia/Calcutta', 'America/Mexico_City'])(
    'accepts the time zone %s',
    (timeZone) => {
      expect(businessFields.safeParse({ ...business, timeZone }).success).toBe(true);
    },
  );

  it('refuses a made-up time zone and currency with stable codes', () => {
    const parsed = businessFields.safeParse({ ...business, timeZone: 'Mars/Base', currency: 'ZZZ' });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['currency', 'unknown-currency'],
      ['timeZone', 'unknown-time-zone'],
    ]);
  });

  it('normalises the currency code to upper case', () => {
    expect(businessFields.parse(business).currency).toBe('EUR');
  });
});

import { describe, expect, it } from 'vitest';
import { currencyDigits, formatDate, formatDateTime, formatMoney, formatNumber, formatTime } from './format';

/** Intl separates amount and symbol with non-breaking spaces; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats euro cents the way Spain writes them (no grouping below 10 000)', () => {
    expect(plain(formatMoney(123456, 'EUR', 'es-ES'))).toBe('1234,56 €');
    expect(plain(formatMoney(1234567, 'EUR', 'es-ES'))).toBe('12.345,67 €');
  });

  it('formats dollars for the United States', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });

  it('treats yen and Chilean pesos as having no minor digits', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('CLP', 'es-CL')).toBe(0);
    expect(plain(formatMoney(1234, 'JPY', 'en-US'))).toBe('¥1,234');
    expect(plain(formatMoney(1234, 'CLP', 'es-CL'))).toBe('$1.234');
  });

  it('keeps negative amounts and zero', () => {
    expect(formatMoney(0, 'USD', 'en-US')).toBe('$0.00');
    expect(formatMoney(-250, 'USD', 'en-US')).toBe('-$2.50');
  });

  it('refuses fractional minor units', () => {
    expect(() => formatMoney(12.5, 'EUR', 'es-ES')).toThrow(RangeError);
  });
});

describe('formatNumber', () => {
  it('uses the locale separators', () => {
    expect(formatNumber(1234567.5, 'es-ES')).toBe('1.234.567,5');
    expect(formatNumber(1234567.5, 'en-GB')).toBe('1,234,567.5');
  });
});

describe('dates in the business time zone', () => {
  const mexico = { locale: 'es-MX', timeZone: 'America/Mexico_City' };
  // 03:30 UTC on 1 March is still 29 February (leap day) in Mexico City (UTC-6).
  const instant = '2024-03-01T03:30:00Z';

  it('shows the local calendar date, not the UTC one', () => {
    expect(formatDate(instant, mexico, 'long')).toBe('29 de febrero de 2024');
    expect(formatDate(instant, { locale: 'es-ES', timeZone: 'Europe/Madrid' }, 'long')).toBe(
      '1 de marzo de 2024',
    );
  });

  it('shows the local time', () => {
    expect(plain(formatTime(instant, mexico))).toBe('9:30 p.m.');
    expect(plain(formatTime(instant, { locale: 'es-ES', timeZone: 'Europe/Madrid' }))).toBe('4:30');
    expect(plain(formatTime(instant, { locale: 'en-US', timeZone: 'America/New_York' }))).toBe('10:30 PM');
  });

  it('combines date and time', () => {
    expect(plain(formatDateTime(instant, { locale: 'en-GB', timeZone: 'UTC' }))).toBe('1 Mar 2024, 03:30');
  });

  it('rejects text that is not an instant', () => {
    expect(() => formatDate('not a date', mexico)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { currencyForLocale, defaultTimeZone, preferredLocale, timeZoneOptions } from './business-defaults';

describe('first-run defaults', () => {
  it('picks the exact locale, then one of the same language, then Spain', () => {
    expect(preferredLocale(['es-MX', 'en-US'])).toBe('es-MX');
    expect(preferredLocale(['es-PE'])).toBe('es-ES');
    expect(preferredLocale(['en-AU'])).toBe('en-US');
    expect(preferredLocale(['fr-FR', 'en-GB'])).toBe('en-GB');
    expect(preferredLocale(['de-DE'])).toBe('es-ES');
  });

  it('derives the currency from the locale', () => {
    expect(currencyForLocale('es-MX')).toBe('MXN');
    expect(currencyForLocale('es-ES')).toBe('EUR');
    expect(currencyForLocale('en-GB')).toBe('GBP');
  });

  it('offers UTC and the runtime zones, sorted', () => {
    const zones = timeZoneOptions();
    expect(zones).toContain('UTC');
    expect(zones).toContain('America/Mexico_City');
    expect([...zones].sort()).toEqual(zones);
  });

  it('falls back to UTC for a zone the contract would reject', () => {
    expect(defaultTimeZone('America/Bogota')).toBe('America/Bogota');
    expect(defaultTimeZone('Mars/Olympus_Mons')).toBe('UTC');
  });
});

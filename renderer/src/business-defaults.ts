import { LOCALES } from './contract';

export type Locale = (typeof LOCALES)[number];

export const COMMON_CURRENCIES = ['EUR', 'MXN', 'USD', 'ARS', 'COP', 'CLP', 'GBP'] as const;
export type CommonCurrency = (typeof COMMON_CURRENCIES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function isCommonCurrency(value: string): value is CommonCurrency {
  return (COMMON_CURRENCIES as readonly string[]).includes(value);
}

const LOCALE_CURRENCY: Record<Locale, CommonCurrency> = {
  'es-ES': 'EUR',
  'es-MX': 'MXN',
  'es-AR': 'ARS',
  'es-CO': 'COP',
  'es-CL': 'CLP',
  'es-US': 'USD',
  'en-US': 'USD',
  'en-GB': 'GBP',
};

export function currencyForLocale(locale: Locale): CommonCurrency {
  return LOCALE_CURRENCY[locale];
}

/** The supported locale closest to the browser's preferences: exact match first, then by language. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const exact = LOCALES.find((l) => l.toLowerCase() === language.toLowerCase());
    if (exact) return exact;
  }
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'es') return 'es-ES';
    if (base === 'en') return 'en-US';
  }
  return 'es-ES';
}

/** Every IANA zone the runtime knows (the contract also accepts 'UTC'), plus `current` if it is older. */
export function timeZoneOptions(current?: string): string[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort();
}

/** The computer's zone when the contract would accept it, otherwise UTC. */
export function defaultTimeZone(resolved = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  return resolved && timeZoneOptions().includes(resolved) ? resolved : 'UTC';
}

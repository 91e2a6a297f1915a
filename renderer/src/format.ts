/**
 * Money, numbers and dates through Intl, always with the business's locale and
 * time zone (never the computer's), so every terminal shows the same thing.
 */

export interface FormatContext {
  /** BCP 47 locale of the business, e.g. 'es-ES'. */
  locale: string;
  /** IANA time zone of the business, e.g. 'America/Mexico_City'. */
  timeZone: string;
}

export type DateStyle = 'short' | 'medium' | 'long' | 'full';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(ctx: FormatContext, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${ctx.locale}|${ctx.timeZone}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(ctx.locale, { ...options, timeZone: ctx.timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** Digits after the decimal separator for a currency, as Intl knows it (EUR 2, JPY 0, CLP 0). */
export function currencyDigits(currency: string, locale = 'en'): number {
  return numberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats an integer amount in minor units (cents) of `currency`. */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new RangeError(`Money must be an integer number of minor units, got ${minorUnits}`);
  }
  const digits = currencyDigits(currency, locale);
  const format = numberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(minorUnits / 10 ** digits);
}

export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

function toDate(instant: string | Date): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return date;
}

/** The calendar date of `instant` in the business's time zone. */
export function formatDate(instant: string | Date, ctx: FormatContext, style: DateStyle = 'medium'): string {
  return dateFormat(ctx, { dateStyle: style }).format(toDate(instant));
}

export function formatTime(instant: string | Date, ctx: FormatContext): string {
  return dateFormat(ctx, { timeStyle: 'short' }).format(toDate(instant));
}

export function formatDateTime(instant: string | Date, ctx: FormatContext): string {
  return dateFormat(ctx, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(instant));
}

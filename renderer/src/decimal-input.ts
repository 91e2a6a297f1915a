/**
 * Decimal numbers typed by people: "1,50" in Spain, "1.50" in the United States, "1.500" meaning
 * fifteen hundred in Chile. Amounts become integers scaled by a number of digits (cents, basis
 * points, thousandths), so no float ever reaches money.
 */
import { currencyDigits } from './format';

export type DecimalError = 'amount-not-a-number' | 'amount-too-precise' | 'amount-negative';
export type ParsedDecimal = { ok: true; value: number } | { ok: false; code: DecimalError };

const separators = new Map<string, { decimal: string; group: string }>();
const plainFormats = new Map<string, Intl.NumberFormat>();

/** A cached formatter without grouping: building one per cell is slow in long tables. */
function plainFormat(locale: string, minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${locale}|${minDigits}|${maxDigits}`;
  let format = plainFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      useGrouping: false,
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
    plainFormats.set(key, format);
  }
  return format;
}

/** The locale's decimal and grouping characters ("," and "." for es-ES). */
export function separatorsOf(locale: string): { decimal: string; group: string } {
  let found = separators.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
    found = { decimal, group: decimal === ',' ? '.' : ',' };
    separators.set(locale, found);
  }
  return found;
}

/**
 * Reads the separator the person meant. The locale's decimal separator always is one; the other
 * character is grouping when every occurrence is followed by exactly three digits ("1.500"),
 * and a decimal point otherwise ("1.50" typed on a Spanish keyboard's numpad).
 */
function normalize(text: string, locale: string): string | null {
  const { decimal } = separatorsOf(locale);
  const other = decimal === ',' ? '.' : ',';
  const compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (compact.includes(decimal)) {
    if (compact.split(decimal).length > 2) return null;
    const [whole = '', fraction = ''] = compact.split(decimal);
    if (fraction.includes(other)) return null;
    return `${whole.split(other).join('')}.${fraction}`;
  }
  if (!compact.includes(other)) return compact;
  const groups = compact.split(other);
  const grouping = groups.slice(1).every((group) => /^\d{3}$/.test(group));
  if (grouping) return groups.join('');
  return groups.length === 2 ? groups.join('.') : null;
}

/** `text` as an integer scaled by 10^digits ("1,5" with 2 digits → 150), or why it is not one. */
export function parseScaled(
  text: string,
  locale: string,
  digits: number,
  options: { signed?: boolean } = {},
): ParsedDecimal {
  const normalized = normalize(text.trim(), locale);
  const match = normalized === null ? null : /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(normalized);
  if (!match) return { ok: false, code: 'amount-not-a-number' };
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return { ok: false, code: 'amount-not-a-number' };
  if (sign === '-' && !options.signed) return { ok: false, code: 'amount-negative' };
  if (fraction.replace(/0+$/, '').length > digits) return { ok: false, code: 'amount-too-precise' };
  const scaled = Number(`${whole || '0'}${fraction.padEnd(digits, '0').slice(0, digits)}`);
  if (!Number.isSafeInteger(scaled)) return { ok: false, code: 'amount-not-a-number' };
  return { ok: true, value: sign === '-' && scaled !== 0 ? -scaled : scaled };
}

/** A typed price or cost in minor units of `currency` (cents; whole pesos for CLP). */
export function parseMoneyInput(
  text: string,
  currency: string,
  locale: string,
  options: { signed?: boolean } = {},
): ParsedDecimal {
  return parseScaled(text, locale, currencyDigits(currency, locale), options);
}

/** Minor units as the text a person would type: "1,50" for 150 EUR cents in es-ES, no grouping. */
export function moneyInputText(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency, locale);
  return formatScaled(minor, digits, locale);
}

/** A typed percentage as basis points ("21" → 2100, "5,5" → 550). */
export function parsePercentInput(text: string, locale: string): ParsedDecimal {
  return parseScaled(text, locale, 2);
}

export function percentInputText(basisPoints: number, locale: string): string {
  return plainFormat(locale, 0, 2).format(basisPoints / 100);
}

/** A typed quantity (at most 3 decimals) as the decimal number the API expects. */
export function parseQuantityInput(
  text: string,
  locale: string,
  options: { signed?: boolean } = {},
): ParsedDecimal {
  const parsed = parseScaled(text, locale, 3, options);
  return parsed.ok ? { ok: true, value: parsed.value / 1000 } : parsed;
}

export function quantityInputText(quantity: number, locale: string): string {
  return plainFormat(locale, 0, 3).format(quantity);
}

function formatScaled(scaled: number, digits: number, locale: string): string {
  return plainFormat(locale, digits, digits).format(scaled / 10 ** digits);
}

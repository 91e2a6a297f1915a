import { useMemo } from 'react';
import type { UiLanguage } from '../contract';
import { useLanguage } from '../stores/language';
import { en } from './en';
import { type Catalog, es, type MessageKey } from './es';

export type { MessageKey } from './es';

export const catalogs: Record<UiLanguage, Catalog> = { es, en };

export type Params = Record<string, string | number>;

/** Keys that exist in `.one` and `.other` forms, e.g. 'sync.pending'. */
type PluralBase = {
  [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;
}[MessageKey];

export interface Translator {
  (key: MessageKey, params?: Params): string;
  readonly lang: UiLanguage;
  /** Picks `<base>.one` or `<base>.other` with the language's plural rules; `{count}` is set. */
  plural(base: PluralBase, count: number, params?: Params): string;
  /** The message for a problem or field-error code, or a generic one that shows the code. */
  error(code: string): string;
  /** Like `error`, for an email field: a bad format gets an example of a valid address. */
  emailError(code: string): string;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(es, key);
}

export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

export function createTranslator(lang: UiLanguage): Translator {
  const catalog = catalogs[lang];
  const pluralRules = new Intl.PluralRules(lang);
  const t = (key: MessageKey, params?: Params) => interpolate(catalog[key], params);
  const error = (code: string) => {
    const key = `errors.${code}`;
    return isMessageKey(key) ? t(key) : t('errors.generic', { code });
  };
  return Object.assign(t, {
    lang,
    plural(base: PluralBase, count: number, params?: Params) {
      const form = pluralRules.select(count) === 'one' ? 'one' : 'other';
      const key = `${base}.${form}` as MessageKey;
      return t(key, { ...params, count: new Intl.NumberFormat(lang).format(count) });
    },
    error,
    emailError(code: string) {
      return code === 'invalid-format' ? t('errors.invalid-email') : error(code);
    },
  });
}

export function useT(): Translator {
  const lang = useLanguage((s) => s.lang);
  return useMemo(() => createTranslator(lang), [lang]);
}

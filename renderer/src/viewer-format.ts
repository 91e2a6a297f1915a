import type { UiLanguage } from './contract';
import type { FormatContext } from './format';

/**
 * Dates for screens outside any business (invitation links, the platform
 * console): the interface language and this computer's time zone.
 */
export function viewerFormat(lang: UiLanguage): FormatContext {
  return {
    locale: lang === 'es' ? 'es-ES' : 'en-US',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

import { create } from 'zustand';
import { UI_LANGUAGES, type UiLanguage } from '../contract';

export const LANGUAGE_STORAGE_KEY = 'mostrador.lang';
export const DEFAULT_LANGUAGE: UiLanguage = 'es';

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** Storage can be missing (tests) or throw (privacy modes); the UI then just falls back to Spanish. */
function readStoredLanguage(): UiLanguage {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isUiLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function storeLanguage(lang: UiLanguage): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not remembered across restarts; the switch still applies now.
  }
}

interface LanguageState {
  lang: UiLanguage;
  setLang(lang: UiLanguage): void;
}

export const useLanguage = create<LanguageState>()((set) => ({
  lang: readStoredLanguage(),
  setLang(lang) {
    storeLanguage(lang);
    set({ lang });
  },
}));

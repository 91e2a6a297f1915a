import { useId } from 'react';
import { UI_LANGUAGES } from '../contract';
import { useT } from '../i18n';
import { isUiLanguage, useLanguage } from '../stores/language';

export function LanguageSwitcher() {
  const t = useT();
  const id = useId();
  const lang = useLanguage((s) => s.lang);
  const setLang = useLanguage((s) => s.setLang);
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="sr-only">
        {t('language.label')}
      </label>
      <select
        id={id}
        value={lang}
        onChange={(event) => {
          if (isUiLanguage(event.target.value)) setLang(event.target.value);
        }}
      >
        {UI_LANGUAGES.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

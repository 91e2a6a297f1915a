import { useEffect } from 'react';
import { useT } from '../i18n';

export function useDocumentTitle(title?: string): void {
  const t = useT();
  const appName = t('app.name');
  useEffect(() => {
    document.title = title && title !== appName ? `${title} · ${appName}` : appName;
  }, [title, appName]);
}

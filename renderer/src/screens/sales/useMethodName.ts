import { useCallback } from 'react';
import { useT } from '../../i18n';

/** A payment method as people read it: the built-in ones translated, a business's own as configured. */
export function useMethodName() {
  const t = useT();
  return useCallback(
    (method: string) => (method === 'cash' || method === 'card' ? t(`pay.method.${method}`) : method),
    [t],
  );
}

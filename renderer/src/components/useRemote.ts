import { useCallback, useEffect, useState } from 'react';
import { problemOf } from '../api/client';

export type Remote<T> =
  | { state: 'loading' }
  | { state: 'loaded'; value: T }
  | { state: 'failed'; code: string };

/**
 * Loads once `load` is known and again on `reload()`, keeping what is shown until the answer.
 * Pass a stable `load` (useCallback): a new one loads again.
 */
export function useRemote<T>(load: () => Promise<T>): [Remote<T>, () => void] {
  const [remote, setRemote] = useState<Remote<T>>({ state: 'loading' });
  const reload = useCallback(() => {
    load().then(
      (value) => setRemote({ state: 'loaded', value }),
      (error: unknown) => setRemote({ state: 'failed', code: problemOf(error).code }),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return [remote, reload];
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { problemOf } from '../api/client';

export type Remote<T> =
  | { state: 'loading' }
  | { state: 'loaded'; value: T }
  | { state: 'failed'; code: string };

/**
 * Loads once `load` is known and again on `reload()`, keeping what is shown until the answer.
 * Pass a stable `load` (useCallback): a new one loads again. Only the latest request's answer is
 * shown: a slower earlier one (the day before the one now picked) arriving last is dropped, as is
 * any answer once the component has gone.
 */
export function useRemote<T>(load: () => Promise<T>): [Remote<T>, () => void] {
  const [remote, setRemote] = useState<Remote<T>>({ state: 'loading' });
  // Bumped by each request, and when `load` changes or the component goes: an answer whose number
  // is no longer the latest is for something no longer shown.
  const latest = useRef(0);
  const reload = useCallback(() => {
    const asked = ++latest.current;
    load().then(
      (value) => asked === latest.current && setRemote({ state: 'loaded', value }),
      (error: unknown) =>
        asked === latest.current && setRemote({ state: 'failed', code: problemOf(error).code }),
    );
  }, [load]);
  useEffect(() => {
    reload();
    return () => {
      latest.current++;
    };
  }, [reload]);
  return [remote, reload];
}

import { useEffect, useRef } from 'react';

/** Calls `reload` when `signal` changes after the first render (the first load is useRemote's own). */
export function useReloadOnChange(signal: unknown, reload: () => void): void {
  const seen = useRef(signal);
  useEffect(() => {
    if (Object.is(seen.current, signal)) return;
    seen.current = signal;
    reload();
  }, [signal, reload]);
}

import { useEffect, useRef } from 'react';

/** Focuses the element once it is mounted (a keyboard user lands in the first field). */
export function useAutoFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

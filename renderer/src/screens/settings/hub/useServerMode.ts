import { useEffect, useState } from 'react';
import type { HealthResponse } from '../../../contract';
import { hubApi } from './hub-api';

/** The server's mode never changes while the page lives: asked once, shared by every screen. */
let known: Promise<HealthResponse['mode'] | 'unknown'> | null = null;

function askMode(): Promise<HealthResponse['mode'] | 'unknown'> {
  known ??= hubApi.health().then(
    (health) => health.mode,
    () => {
      known = null; // ask again next time
      return 'unknown' as const;
    },
  );
  return known;
}

/**
 * 'hub' when the renderer is served by a hub (GET /health), 'local' for a console, 'unknown' when
 * /health did not answer, null while asking.
 */
export function useServerMode(): HealthResponse['mode'] | 'unknown' | null {
  const [mode, setMode] = useState<HealthResponse['mode'] | 'unknown' | null>(null);
  useEffect(() => {
    let live = true;
    void askMode().then((m) => {
      if (live) setMode(m);
    });
    return () => {
      live = false;
    };
  }, []);
  return mode;
}

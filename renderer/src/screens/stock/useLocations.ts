import { useCallback, useEffect, useState } from 'react';
import { problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import type { LocationView } from '../../contract';

export type LocationsState =
  | { state: 'loading' }
  | { state: 'loaded'; locations: LocationView[] }
  | { state: 'failed'; code: string };

export function useLocations(): [LocationsState, () => void] {
  const [locations, setLocations] = useState<LocationsState>({ state: 'loading' });
  const reload = useCallback(() => {
    stockApi.locations().then(
      (r) => setLocations({ state: 'loaded', locations: r.locations }),
      (e: unknown) => setLocations({ state: 'failed', code: problemOf(e).code }),
    );
  }, []);
  useEffect(reload, [reload]);
  return [locations, reload];
}

export function locationList(state: LocationsState): LocationView[] {
  return state.state === 'loaded' ? state.locations : [];
}

export function defaultLocationId(state: LocationsState): string {
  const list = locationList(state);
  return (list.find((l) => l.isDefault) ?? list[0])?.id ?? '';
}

import { useCallback } from 'react';
import { bookingsApi, resourcesApi } from '../../api/bookings';
import { stockApi } from '../../api/stock';
import { useRemote } from '../../components/useRemote';

/** The business's locations (resources live in one). */
export function useLocationList() {
  return useRemote(useCallback(() => stockApi.locations(), []));
}

/** Active resources of a location ('' = every location). */
export function useResources(locationId: string, includeInactive = false) {
  return useRemote(
    useCallback(
      () =>
        resourcesApi.list({
          locationId: locationId || undefined,
          active: includeInactive ? undefined : 'true',
        }),
      [locationId, includeInactive],
    ),
  );
}

/** Bookings that overlap [from, to) in a location. */
export function useBookingsIn(locationId: string, from: string, to: string) {
  return useRemote(
    useCallback(
      () => bookingsApi.list({ locationId: locationId || undefined, from, to }),
      [locationId, from, to],
    ),
  );
}

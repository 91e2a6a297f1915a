import { useCallback } from 'react';
import { type BookingFilters, type BookingPageFilters, bookingsApi, resourcesApi } from '../../api/bookings';
import { stockApi } from '../../api/stock';
import { useRemote } from '../../components/useRemote';
import type { BookingListPage, BookingView } from '../../contract';
import { appendById } from '../../paging';

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

/**
 * Every booking the filters select, page after page until the last: a period's
 * bookings come whole however many there are (a calendar that showed only the
 * first page would show booked rooms as free).
 */
export async function allBookings(
  filters: BookingFilters,
  page: (f: BookingPageFilters) => Promise<BookingListPage> = bookingsApi.page,
): Promise<{ bookings: BookingView[] }> {
  const bookings: BookingView[] = [];
  let after: string | undefined;
  for (;;) {
    const p = await page(after ? { ...filters, after } : filters);
    bookings.push(...p.bookings);
    // A cursor that does not move on would ask for the same page forever.
    if (!p.next || p.next === after || p.bookings.length === 0) return { bookings };
    after = p.next;
  }
}

/** Bookings that overlap [from, to) in a location: all of them, over as many pages as it takes. */
export function useBookingsIn(locationId: string, from: string, to: string) {
  return useRemote(
    useCallback(() => allBookings({ locationId: locationId || undefined, from, to }), [locationId, from, to]),
  );
}

/** A list shown page by page: the bookings so far, the cursor of the next page (null: all shown), the total. */
export interface ListedPages {
  bookings: BookingView[];
  next: string | null;
  total: number;
}

/** The list with one more page below it (a booking already listed, e.g. moved meanwhile, is listed once). */
export function withPage(listed: ListedPages | null, page: BookingListPage): ListedPages {
  return {
    bookings: appendById(listed?.bookings ?? [], page.bookings),
    next: page.next,
    total: page.total,
  };
}

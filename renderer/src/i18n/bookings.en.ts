import type { bookingsEs } from './bookings.es';

/** English messages of the bookings screens; the type checker rejects missing and extra keys. */
export const bookingsEn: Record<keyof typeof bookingsEs, string> = {
  'coworking.sections': 'Booking sections',
  'coworking.calendar': 'Calendar',
  'coworking.list': 'List',
  'coworking.resources': 'Spaces',
  'coworking.members': 'Members',
  'coworking.plans': 'Plans',
};

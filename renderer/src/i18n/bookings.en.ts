import type { bookingsEs } from './bookings.es';

/** English messages of the bookings screens; the type checker rejects missing and extra keys. */
export const bookingsEn: Record<keyof typeof bookingsEs, string> = {};

/** Row types of the bookings tables (see migrations); part of the one DB type in schema.ts. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the coworking issue
export interface BookingsTables {}

/** Spanish messages of the bookings screens (coworking); spread into es.ts. */
export const bookingsEs = {} as const satisfies Record<string, string>;

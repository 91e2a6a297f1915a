/** Spanish messages of the bookings screens (coworking); spread into es.ts. */
export const bookingsEs = {
  'coworking.sections': 'Secciones de reservas',
  'coworking.calendar': 'Calendario',
  'coworking.list': 'Listado',
  'coworking.resources': 'Espacios',
  'coworking.members': 'Miembros',
  'coworking.plans': 'Planes',
} as const satisfies Record<string, string>;

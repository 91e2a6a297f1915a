import type { RouteObject } from 'react-router';

/** Coworking members, membership plans and credits (inside the bookings area). */
export const membersRoutes: RouteObject[] = [];

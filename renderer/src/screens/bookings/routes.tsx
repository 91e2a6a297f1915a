import type { RouteObject } from 'react-router';
import { AREA_PATHS } from '../../nav';
import { AreaScreen } from '../areas/AreaScreen';
import { AreaGate } from '../shell/AreaGate';

/** The coworking bookings area: calendar, list, resources. */
export const bookingsRoutes: RouteObject[] = [
  {
    path: AREA_PATHS.bookings,
    element: (
      <AreaGate area="bookings">
        <AreaScreen area="bookings" />
      </AreaGate>
    ),
  },
];

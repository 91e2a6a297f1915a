import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { AREA_PATHS } from '../../nav';
import { useTenantSession } from '../../stores/session';
import { AreaGate } from '../shell/AreaGate';
import { AvailabilityScreen } from './AvailabilityScreen';
import { BookingSettingsScreen } from './BookingSettingsScreen';
import { BookingsListScreen } from './BookingsListScreen';
import { CalendarScreen } from './CalendarScreen';
import { KioskCheckInScreen } from './KioskCheckInScreen';
import { ResourceFormScreen } from './ResourceFormScreen';
import { ResourcesScreen } from './ResourcesScreen';

const gated = (element: ReactNode) => <AreaGate area="bookings">{element}</AreaGate>;

/** Resources are set up by managers (resources.manage); others are told so instead of a form that would fail. */
function ManagersOnly({ children }: { children: ReactNode }) {
  const t = useT();
  const { role } = useTenantSession();
  if (can(role, 'resources.manage')) return children;
  return (
    <section>
      <p role="alert" className="form-alert">
        {t('resources.managersOnly')}
      </p>
    </section>
  );
}

/** The coworking bookings area: calendar, list, availability, kiosk check-in, resources. */
export const bookingsRoutes: RouteObject[] = [
  { path: AREA_PATHS.bookings, element: gated(<CalendarScreen />) },
  { path: 'bookings/list', element: gated(<BookingsListScreen />) },
  { path: 'bookings/availability', element: gated(<AvailabilityScreen />) },
  { path: 'bookings/check-in', element: gated(<KioskCheckInScreen />) },
  {
    path: 'resources',
    element: gated(
      <ManagersOnly>
        <ResourcesScreen />
      </ManagersOnly>,
    ),
  },
  {
    path: 'resources/settings',
    element: gated(
      <ManagersOnly>
        <BookingSettingsScreen />
      </ManagersOnly>,
    ),
  },
  {
    path: 'resources/new',
    element: gated(
      <ManagersOnly>
        <ResourceFormScreen />
      </ManagersOnly>,
    ),
  },
  {
    path: 'resources/:resourceId',
    element: gated(
      <ManagersOnly>
        <ResourceFormScreen />
      </ManagersOnly>,
    ),
  },
];

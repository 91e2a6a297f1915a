import { createBrowserRouter } from 'react-router';
import { AREA_PATHS } from './nav';
import { AreaScreen, type PlaceholderArea } from './screens/areas/AreaScreen';
import { AuditScreen } from './screens/audit/AuditScreen';
import { DashboardScreen } from './screens/dashboard/DashboardScreen';
import { LoginScreen } from './screens/login/LoginScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { AppLayout } from './screens/shell/AppLayout';
import { AreaGate } from './screens/shell/AreaGate';
import { NotFoundScreen } from './screens/shell/NotFoundScreen';
import { Root } from './screens/shell/Root';

const PLACEHOLDER_AREAS: readonly PlaceholderArea[] = [
  'sales',
  'catalog',
  'stock',
  'bookings',
  'billing',
  'users',
];

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        { path: 'setup', element: <SetupScreen /> },
        { path: 'login', element: <LoginScreen /> },
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <DashboardScreen /> },
            ...PLACEHOLDER_AREAS.map((area) => ({
              path: AREA_PATHS[area],
              element: (
                <AreaGate area={area}>
                  <AreaScreen area={area} />
                </AreaGate>
              ),
            })),
            {
              path: AREA_PATHS.audit,
              element: (
                <AreaGate area="audit">
                  <AuditScreen />
                </AreaGate>
              ),
            },
            { path: AREA_PATHS.settings, element: <SettingsScreen /> },
            { path: '*', element: <NotFoundScreen /> },
          ],
        },
      ],
    },
  ]);
}

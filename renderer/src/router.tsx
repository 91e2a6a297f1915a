import { createBrowserRouter } from 'react-router';
import { AREA_PATHS } from './nav';
import { AccountScreen } from './screens/account/AccountScreen';
import { AreaScreen, type PlaceholderArea } from './screens/areas/AreaScreen';
import { AuditScreen } from './screens/audit/AuditScreen';
import { DashboardScreen } from './screens/dashboard/DashboardScreen';
import { AcceptInviteScreen } from './screens/invite/AcceptInviteScreen';
import { LoginScreen } from './screens/login/LoginScreen';
import { ForgotPasswordScreen } from './screens/password/ForgotPasswordScreen';
import { ResetPasswordScreen } from './screens/password/ResetPasswordScreen';
import { PlatformScreen } from './screens/platform/PlatformScreen';
import { TenantDetailScreen } from './screens/platform/TenantDetailScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { AppLayout } from './screens/shell/AppLayout';
import { AreaGate } from './screens/shell/AreaGate';
import { NotFoundScreen } from './screens/shell/NotFoundScreen';
import { Root } from './screens/shell/Root';
import { UsersScreen } from './screens/users/UsersScreen';

const PLACEHOLDER_AREAS: readonly PlaceholderArea[] = ['sales', 'catalog', 'stock', 'bookings', 'billing'];

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        { path: 'setup', element: <SetupScreen /> },
        { path: 'login', element: <LoginScreen /> },
        { path: 'forgot-password', element: <ForgotPasswordScreen /> },
        { path: 'reset-password/:token', element: <ResetPasswordScreen /> },
        { path: 'invite/:token', element: <AcceptInviteScreen /> },
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
            {
              path: AREA_PATHS.users,
              element: (
                <AreaGate area="users">
                  <UsersScreen />
                </AreaGate>
              ),
            },
            { path: AREA_PATHS.settings, element: <SettingsScreen /> },
            { path: 'account', element: <AccountScreen /> },
            {
              path: AREA_PATHS.platform,
              element: (
                <AreaGate area="platform">
                  <PlatformScreen />
                </AreaGate>
              ),
            },
            {
              path: 'platform/tenants/:tenantId',
              element: (
                <AreaGate area="platform">
                  <TenantDetailScreen />
                </AreaGate>
              ),
            },
            { path: '*', element: <NotFoundScreen /> },
          ],
        },
      ],
    },
  ]);
}

import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { AreaGate } from '../shell/AreaGate';
import { MemberFormScreen } from './MemberFormScreen';
import { MemberScreen } from './MemberScreen';
import { MembersScreen } from './MembersScreen';
import { PlanFormScreen } from './PlanFormScreen';
import { PlansScreen } from './PlansScreen';

const gated = (element: ReactNode) => <AreaGate area="bookings">{element}</AreaGate>;

/** Plans are a manager's (resources.manage); others are told so instead of a form that would fail. */
function PlanManagersOnly({ children }: { children: ReactNode }) {
  const t = useT();
  const { role } = useTenantSession();
  if (can(role, 'resources.manage')) return children;
  return (
    <section>
      <p role="alert" className="form-alert">
        {t('plans.managersOnly')}
      </p>
    </section>
  );
}

/** Coworking members, membership plans and credits (inside the bookings area). */
export const membersRoutes: RouteObject[] = [
  { path: 'members', element: gated(<MembersScreen />) },
  { path: 'members/new', element: gated(<MemberFormScreen />) },
  { path: 'members/:memberId', element: gated(<MemberScreen />) },
  { path: 'members/:memberId/edit', element: gated(<MemberFormScreen />) },
  { path: 'membership-plans', element: gated(<PlansScreen />) },
  {
    path: 'membership-plans/new',
    element: gated(
      <PlanManagersOnly>
        <PlanFormScreen />
      </PlanManagersOnly>,
    ),
  },
  {
    path: 'membership-plans/:planId',
    element: gated(
      <PlanManagersOnly>
        <PlanFormScreen />
      </PlanManagersOnly>,
    ),
  },
];

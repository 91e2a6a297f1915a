import { SubNav } from '../../components/SubNav';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

/** Sections of the coworking area: calendar, list and resources (bookings screens), members and plans. */
export function CoworkingNav() {
  const t = useT();
  const { role } = useTenantSession();
  const manager = can(role, 'resources.manage');
  return (
    <SubNav
      label={t('coworking.sections')}
      links={[
        { to: '/bookings', label: t('coworking.calendar'), end: true },
        { to: '/bookings/list', label: t('coworking.list') },
        ...(manager ? [{ to: '/resources', label: t('coworking.resources') }] : []),
        { to: '/members', label: t('coworking.members') },
        ...(manager ? [{ to: '/membership-plans', label: t('coworking.plans') }] : []),
      ]}
    />
  );
}

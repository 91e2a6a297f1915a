import { SubNav } from '../../../components/SubNav';
import { SYNC_PATH } from '../../../components/SyncBadge';
import { useT } from '../../../i18n';
import { AREA_PATHS } from '../../../nav';

/** The sections of Settings: the business's details and this console's sync with the hub. */
export function SettingsNav() {
  const t = useT();
  return (
    <SubNav
      label={t('settings.sections')}
      links={[
        { to: AREA_PATHS.settings, label: t('settings.business'), end: true },
        { to: SYNC_PATH, label: t('settings.sync') },
      ]}
    />
  );
}

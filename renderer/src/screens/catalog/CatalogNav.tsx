import { SubNav } from '../../components/SubNav';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

export function CatalogNav() {
  const t = useT();
  const { role } = useTenantSession();
  return (
    <SubNav
      label={t('catalog.sections')}
      links={[
        { to: '/catalog', label: t('catalog.products'), end: true },
        { to: '/catalog/categories', label: t('catalog.categories') },
        ...(can(role, 'catalog.manage') ? [{ to: '/catalog/import', label: t('catalog.import') }] : []),
      ]}
    />
  );
}

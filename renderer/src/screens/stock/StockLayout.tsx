import { Outlet } from 'react-router';
import { PageHeading } from '../../components/PageHeading';
import { SubNav } from '../../components/SubNav';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

/** The stock area: its sections as a sub-navigation, the chosen one below. Write-only sections need catalog.manage. */
export function StockLayout() {
  const t = useT();
  const { role } = useTenantSession();
  const manage = can(role, 'catalog.manage');
  useDocumentTitle(t('nav.stock'));
  return (
    <section>
      <PageHeading>{t('nav.stock')}</PageHeading>
      <SubNav
        label={t('stock.sections')}
        links={[
          { to: '/stock', label: t('stock.movements'), end: true },
          ...(manage
            ? [
                { to: '/stock/adjust', label: t('stock.adjust') },
                { to: '/stock/transfer', label: t('stock.transfer') },
              ]
            : []),
          { to: '/stock/counts', label: t('stock.counts') },
          { to: '/stock/low', label: t('stock.low') },
          { to: '/stock/oversells', label: t('stock.oversells') },
          { to: '/stock/locations', label: t('stock.locations') },
        ]}
      />
      <Outlet />
    </section>
  );
}

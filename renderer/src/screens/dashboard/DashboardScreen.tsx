import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate } from '../../format';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { LowStockCard } from './LowStockCard';

export function DashboardScreen() {
  const t = useT();
  const { tenant } = useTenantSession();
  useDocumentTitle(t('nav.dashboard'));
  const today = formatDate(new Date(), tenant, 'full');
  return (
    <section>
      <PageHeading>{t('dashboard.welcome', { business: tenant.name })}</PageHeading>
      <p className="lead">{t('dashboard.today', { date: today })}</p>
      <p className="muted">{t('dashboard.empty')}</p>
      <LowStockCard />
    </section>
  );
}

import { SubNav } from '../../components/SubNav';
import { useT } from '../../i18n';

export function PurchasingNav() {
  const t = useT();
  return (
    <SubNav
      label={t('purchasing.sections')}
      links={[
        { to: '/purchase-orders', label: t('purchasing.orders') },
        { to: '/suppliers', label: t('purchasing.suppliers') },
      ]}
    />
  );
}

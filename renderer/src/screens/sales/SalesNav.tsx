import { SubNav } from '../../components/SubNav';
import { useT } from '../../i18n';

/** The sales area's sections: the counter, the shift, history and refunds. */
export function SalesNav() {
  const t = useT();
  return (
    <SubNav
      label={t('sales.sections')}
      links={[
        { to: '/sales', label: t('sales.section.counter'), end: true },
        { to: '/shifts', label: t('sales.section.shift') },
        { to: '/sales/history', label: t('sales.section.history') },
        { to: '/sales/refund', label: t('sales.section.refund') },
      ]}
    />
  );
}

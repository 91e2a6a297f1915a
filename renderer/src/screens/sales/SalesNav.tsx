import { SubNav } from '../../components/SubNav';
import { useT } from '../../i18n';
import { canRead } from '../../nav';
import { useTenantSession } from '../../stores/session';

/** The sales area's sections: the counter, the shift, history, refunds, customers and documents. */
export function SalesNav() {
  const t = useT();
  const session = useTenantSession();
  return (
    <SubNav
      label={t('sales.sections')}
      links={[
        { to: '/sales', label: t('sales.section.counter'), end: true },
        { to: '/shifts', label: t('sales.section.shift'), end: true },
        { to: '/shifts/history', label: t('sales.section.shifts') },
        { to: '/sales/history', label: t('sales.section.history') },
        { to: '/sales/refund', label: t('sales.section.refund') },
        { to: '/customers', label: t('sales.section.customers') },
        ...(canRead(session, 'invoices.manage')
          ? [{ to: '/invoices', label: t('sales.section.invoices') }]
          : []),
        { to: '/quotes', label: t('sales.section.quotes') },
      ]}
    />
  );
}

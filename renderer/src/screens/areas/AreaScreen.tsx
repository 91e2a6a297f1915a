import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useT } from '../../i18n';
import { AREA_LABELS } from '../../nav';

export type PlaceholderArea = 'sales' | 'bookings' | 'billing';

/** An honest empty state for an area that is not built yet: what it will hold, and that it is not ready. */
export function AreaScreen({ area }: { area: PlaceholderArea }) {
  const t = useT();
  const title = t(AREA_LABELS[area]);
  useDocumentTitle(title);
  return (
    <section className="empty-state">
      <PageHeading>{title}</PageHeading>
      <p>{t(`area.${area}.body`)}</p>
      <p className="muted">{t('area.notAvailable')}</p>
    </section>
  );
}

import { Link } from 'react-router';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useT } from '../../i18n';
import { CoworkingNav } from './CoworkingNav';
import { useResources } from './useBookingsData';

/** /resources (managers): rooms, desks and offices that can be booked. */
export function ResourcesScreen() {
  const t = useT();
  const format = useBusinessFormat();
  useDocumentTitle(t('resources.title'));
  const [resources] = useResources('', true);
  return (
    <section>
      <PageHeading>{t('resources.title')}</PageHeading>
      <CoworkingNav />
      <div className="toolbar booking-toolbar">
        <Link to="/resources/new" className="button-primary button-link">
          {t('resources.new')}
        </Link>
        <Link to="/resources/settings" className="button-secondary button-link">
          {t('settings.bookings.title')}
        </Link>
      </div>
      {resources.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {resources.state === 'failed' && <FormAlert>{t.error(resources.code)}</FormAlert>}
      {resources.state === 'loaded' &&
        (resources.value.resources.length === 0 ? (
          <p className="muted empty-state">{t('resources.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-label={t('resources.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('resources.name')}</th>
                  <th scope="col">{t('resources.type')}</th>
                  <th scope="col" className="numeric">
                    {t('resources.capacity')}
                  </th>
                  <th scope="col">{t('bookings.location')}</th>
                  <th scope="col" className="numeric">
                    {t('resources.pricePerHour')}
                  </th>
                  <th scope="col">{t('resources.active')}</th>
                </tr>
              </thead>
              <tbody>
                {resources.value.resources.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/resources/${r.id}`}>{r.name}</Link>
                    </th>
                    <td>{t(`resources.type.${r.type}`)}</td>
                    <td className="numeric">{r.capacity}</td>
                    <td>{r.locationName ?? '—'}</td>
                    <td className="numeric">{format.money(r.pricePerHour)}</td>
                    <td>{t(r.active ? 'common.yes' : 'common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

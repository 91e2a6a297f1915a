import { useCallback } from 'react';
import { Link } from 'react-router';
import { plansApi } from '../../api/members';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { CoworkingNav } from '../bookings/CoworkingNav';
import { hoursText, resourceTypeText } from './member-format';

/** Membership plans: price per period, included hours, credit policy. */
export function PlansScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const manager = can(role, 'resources.manage');
  useDocumentTitle(t('plans.title'));
  const [plans] = useRemote(useCallback(() => plansApi.list(), []));
  return (
    <section>
      <PageHeading>{t('plans.title')}</PageHeading>
      <CoworkingNav />
      {manager && (
        <div className="toolbar">
          <Link to="/membership-plans/new" className="button-primary button-link">
            {t('plans.new')}
          </Link>
        </div>
      )}
      {plans.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {plans.state === 'failed' && <FormAlert>{t.error(plans.code)}</FormAlert>}
      {plans.state === 'loaded' &&
        (plans.value.plans.length === 0 ? (
          <p className="muted">{t('plans.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-label={t('plans.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('plan.name')}</th>
                  <th scope="col" className="numeric">
                    {t('plan.price')}
                  </th>
                  <th scope="col">{t('plan.included')}</th>
                  <th scope="col">{t('plan.creditPolicy')}</th>
                  <th scope="col">{t('plan.active')}</th>
                </tr>
              </thead>
              <tbody>
                {plans.value.plans.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      {manager ? <Link to={`/membership-plans/${p.id}`}>{p.name}</Link> : p.name}
                    </th>
                    <td className="numeric">
                      {format.money(p.price)} / {t(`plan.period.${p.period}`)}
                    </td>
                    <td>
                      {p.includedHours.length === 0
                        ? '—'
                        : p.includedHours
                            .map(
                              (h) =>
                                `${resourceTypeText(t, h.resourceType)}: ${hoursText(t, h.minutes, format.locale)}`,
                            )
                            .join(', ')}
                    </td>
                    <td>
                      {p.creditPolicy === 'expire'
                        ? t('plan.policy.expire')
                        : p.rolloverCapHours === null
                          ? t('plan.policy.rollover')
                          : t('plan.policy.rolloverCap', {
                              hours: hoursText(t, p.rolloverCapHours * 60, format.locale),
                            })}
                    </td>
                    <td>{t(p.active ? 'plan.activeYes' : 'plan.activeNo')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

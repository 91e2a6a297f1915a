import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { membersApi } from '../../api/members';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import type { InvoiceStatus, MemberDetail } from '../../contract';
import { useT } from '../../i18n';
import { CoworkingNav } from '../bookings/CoworkingNav';
import { ChargesPanel } from './ChargesPanel';
import { CreditsPanel } from './CreditsPanel';
import { MembershipPanel } from './MembershipPanel';

/** One member: contact data, membership, credits, charges and invoices. */
export function MemberScreen() {
  const t = useT();
  const { memberId = '' } = useParams();
  const [detail, reload] = useRemote(useCallback(() => membersApi.get(memberId), [memberId]));
  const name = detail.state === 'loaded' ? detail.value.member.name : t('members.title');
  useDocumentTitle(name);
  return (
    <section>
      <PageHeading>{name}</PageHeading>
      <CoworkingNav />
      <p>
        <Link to="/members">{t('member.backToList')}</Link>
      </p>
      {detail.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {detail.state === 'failed' && <FormAlert>{t.error(detail.code)}</FormAlert>}
      {detail.state === 'loaded' && <MemberDetailView detail={detail.value} reload={reload} />}
    </section>
  );
}

function MemberDetailView({ detail, reload }: { detail: MemberDetail; reload: () => void }) {
  const t = useT();
  const format = useBusinessFormat();
  const { member } = detail;
  const details: [string, string | null][] = [
    [t('member.kind'), t(`member.kind.${member.kind}`)],
    [t('member.status'), t(`members.status.${member.status}`)],
    [t('member.email'), member.email],
    [t('member.phone'), member.phone],
    [t('member.taxId'), member.taxId],
    [t('member.address'), member.address],
    [t('member.notes'), member.notes],
  ];
  return (
    <>
      <div className="toolbar">
        <Link to={`/members/${member.id}/edit`} className="button-secondary button-link">
          {t('member.edit')}
        </Link>
      </div>
      <h2>{t('member.details')}</h2>
      <dl className="details" aria-label={t('member.details')}>
        {details.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? '—'}</dd>
          </div>
        ))}
        {member.companyId && (
          <div>
            <dt>{t('member.company')}</dt>
            <dd>
              <Link to={`/members/${member.companyId}`}>{member.companyName}</Link>
            </dd>
          </div>
        )}
      </dl>
      {member.kind === 'company' && (
        <>
          <h2>{t('member.people')}</h2>
          {detail.people.length === 0 ? (
            <p className="muted">{t('member.noPeople')}</p>
          ) : (
            <ul aria-label={t('member.people')}>
              {detail.people.map((p) => (
                <li key={p.id}>
                  <Link to={`/members/${p.id}`}>{p.name}</Link> · {t(`members.status.${p.status}`)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <MembershipPanel memberId={member.id} membership={detail.membership} reload={reload} />
      <CreditsPanel detail={detail} reload={reload} />
      <ChargesPanel detail={detail} reload={reload} />
      <h2>{t('member.invoices')}</h2>
      {detail.invoices.length === 0 ? (
        <p className="muted">{t('member.noInvoices')}</p>
      ) : (
        <table className="data-table" aria-label={t('member.invoices')}>
          <thead>
            <tr>
              <th scope="col">{t('member.invoiceNumber')}</th>
              <th scope="col">{t('member.invoiceDate')}</th>
              <th scope="col">{t('member.invoiceStatus')}</th>
              <th scope="col" className="numeric">
                {t('member.invoiceTotal')}
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.invoices.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link to={`/invoices/${i.id}`}>{i.number ?? t('member.draftInvoice')}</Link>
                </th>
                <td>{i.issueDate ? format.day(i.issueDate) : '—'}</td>
                <td>{t(`invoice.status.${i.status as InvoiceStatus}`)}</td>
                <td className="numeric">{format.money(i.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

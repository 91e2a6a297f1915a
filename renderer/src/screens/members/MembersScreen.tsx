import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { membersApi } from '../../api/members';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { LIST_PAGE } from '../../components/paged-list';
import { useDebounced } from '../../components/useDebounced';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { LoadMore, usePagedList } from '../../components/usePagedList';
import { MEMBER_STATUSES, type MemberStatus } from '../../contract';
import { useT } from '../../i18n';
import { CoworkingNav } from '../bookings/CoworkingNav';

/**
 * Coworking members by name: searched as you type (name, email, phone, tax id), filtered by status;
 * a page at a time, with how many match ("50 of 312") and "Load more" until all are shown.
 */
export function MembersScreen() {
  const t = useT();
  useDocumentTitle(t('members.title'));
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<MemberStatus | ''>('');
  const settled = useDebounced(q);
  const { shown: members, loadMore } = usePagedList(
    useCallback(
      (after?: string) =>
        membersApi
          .page({ q: settled, status: status || undefined, limit: LIST_PAGE, after })
          .then((page) => ({ rows: page.members, next: page.next, total: page.total })),
      [settled, status],
    ),
  );
  const rows = useRef<HTMLDivElement>(null);
  const filtered = settled.trim() !== '' || status !== '';
  return (
    <section>
      <PageHeading>{t('members.title')}</PageHeading>
      <CoworkingNav />
      <div className="toolbar">
        <TextField
          id="members-search"
          type="search"
          label={t('members.search')}
          hint={t('members.searchHint')}
          autoComplete="off"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <SelectField
          id="members-status"
          label={t('members.statusFilter')}
          value={status}
          onChange={(e) => setStatus(e.target.value as MemberStatus | '')}
          options={[
            { value: '', label: t('members.anyStatus') },
            ...MEMBER_STATUSES.map((s) => ({ value: s, label: t(`members.status.${s}`) })),
          ]}
        />
        <Link to="/members/new" className="button-primary button-link">
          {t('members.new')}
        </Link>
      </div>
      {members.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {members.state === 'failed' && <FormAlert>{t.error(members.code)}</FormAlert>}
      {members.state === 'loaded' &&
        (members.listed.rows.length === 0 ? (
          <p className="muted">{t(filtered ? 'members.noneFound' : 'members.none')}</p>
        ) : (
          <>
            <div className="table-scroll" ref={rows}>
              <table className="data-table" aria-label={t('members.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('member.name')}</th>
                    <th scope="col">{t('member.company')}</th>
                    <th scope="col">{t('member.email')}</th>
                    <th scope="col">{t('member.phone')}</th>
                    <th scope="col">{t('member.plan')}</th>
                    <th scope="col">{t('member.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {members.listed.rows.map((m) => (
                    <tr key={m.id} data-row-id={m.id}>
                      <th scope="row">
                        <Link to={`/members/${m.id}`}>{m.name}</Link>
                        {m.kind === 'company' && <span className="muted"> · {t('member.kind.company')}</span>}
                      </th>
                      <td>{m.companyName ?? '—'}</td>
                      <td>{m.email ?? '—'}</td>
                      <td>{m.phone ?? '—'}</td>
                      <td>{m.planName ?? '—'}</td>
                      <td>{t(`members.status.${m.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore shown={members} loadMore={loadMore} countKey="members.shown" rows={rows} />
          </>
        ))}
    </section>
  );
}

import { type FormEvent, useCallback, useState } from 'react';
import { Link } from 'react-router';
import { shiftsApi } from '../../api/pos';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { SHIFT_STATUSES, type ShiftStatus } from '../../contract';
import { useT } from '../../i18n';
import { canRead } from '../../nav';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';
import { registerText, useKnownRegisters } from './registers';
import { shiftRowLink } from './shift-access';

interface Filters {
  status: ShiftStatus | '';
  from: string;
  to: string;
}

/** Past and open shifts, newest first: every register's for owners and admins, this one's for staff. */
export function ShiftsHistoryScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const session = useTenantSession();
  useDocumentTitle(t('shifts.title'));
  const [draft, setDraft] = useState<Filters>({ status: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const [shifts] = useRemote(
    useCallback(
      () =>
        shiftsApi.list({
          status: filters.status || undefined,
          from: filters.from || undefined,
          to: filters.to || undefined,
        }),
      [filters],
    ),
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  // The same rule as the API: who may read reports sees every register.
  const allRegisters = canRead(session, 'reports.view');
  const registers = useKnownRegisters(session.role);
  return (
    <section>
      <PageHeading>{t('shifts.title')}</PageHeading>
      <SalesNav />
      <p className="muted">{t(allRegisters ? 'shifts.allRegisters' : 'shifts.thisRegister')}</p>
      <form noValidate className="filters" aria-label={t('shifts.filters')} onSubmit={apply}>
        <SelectField
          id="shifts-status"
          label={t('invoices.status')}
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.target.value as Filters['status'] })}
          options={[
            { value: '', label: t('invoices.anyStatus') },
            ...SHIFT_STATUSES.map((s) => ({ value: s, label: t(`shifts.status.${s}`) })),
          ]}
        />
        <TextField
          id="shifts-from"
          type="date"
          label={t('history.from')}
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <TextField
          id="shifts-to"
          type="date"
          label={t('history.to')}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <button type="submit" className="button-secondary">
          {t('history.filter')}
        </button>
      </form>
      {shifts.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {shifts.state === 'failed' && <FormAlert>{t.error(shifts.code)}</FormAlert>}
      {shifts.state === 'loaded' &&
        (shifts.value.shifts.length === 0 ? (
          <p className="muted">{t('shifts.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-label={t('shifts.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('shifts.openedAt')}</th>
                  {allRegisters && <th scope="col">{t('shifts.register')}</th>}
                  <th scope="col">{t('shifts.openedBy')}</th>
                  <th scope="col" className="numeric">
                    {t('shifts.float')}
                  </th>
                  <th scope="col">{t('shifts.closedAt')}</th>
                  <th scope="col">{t('shifts.closedBy')}</th>
                  <th scope="col">{t('shifts.note')}</th>
                  <th scope="col">{t('shifts.report')}</th>
                </tr>
              </thead>
              <tbody>
                {shifts.value.shifts.map((shift) => (
                  <tr key={shift.id}>
                    <th scope="row">{format.dateTime(shift.openedAt)}</th>
                    {allRegisters && (
                      <td title={shift.deviceId}>{registerText(t, shift.deviceId, registers)}</td>
                    )}
                    <td>{shift.openedBy?.name ?? '—'}</td>
                    <td className="numeric">{format.money(shift.openingFloat)}</td>
                    <td>{shift.closedAt ? format.dateTime(shift.closedAt) : t('shifts.status.open')}</td>
                    <td>{shift.closedBy?.name ?? '—'}</td>
                    <td>{shift.closeNote ?? '—'}</td>
                    <td>
                      <ShiftRowLink
                        link={shiftRowLink(session, shift, registers.thisDevice)}
                        openedAt={shift.openedAt}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** A row's way to its Z report (closed) or its count form (open, for whoever may close it). */
function ShiftRowLink({ link, openedAt }: { link: ReturnType<typeof shiftRowLink>; openedAt: string }) {
  const t = useT();
  const format = useBusinessFormat();
  if (!link) return <span className="muted">—</span>;
  const date = format.dateTime(openedAt);
  return link.action === 'report' ? (
    <Link to={link.to} aria-label={t('shifts.viewZOf', { date })}>
      {t('shifts.viewZ')}
    </Link>
  ) : (
    <Link to={link.to} aria-label={t('shifts.closeOf', { date })}>
      {t('shifts.close')}
    </Link>
  );
}

import { type FormEvent, useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { shiftsApi } from '../../api/pos';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useRemote } from '../../components/useRemote';
import { SHIFT_STATUSES } from '../../contract';
import { useT } from '../../i18n';
import { canRead } from '../../nav';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';
import { registerText, useKnownRegisters } from './registers';
import { shiftRowLink } from './shift-access';
import { type ShiftDateField, type ShiftFilters, shiftFilterErrors, shiftsQuery } from './shift-filters';

type Filters = ShiftFilters;

/** Past and open shifts, newest first: every register's for owners and admins, this one's for staff. */
export function ShiftsHistoryScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const session = useTenantSession();
  useDocumentTitle(t('shifts.title'));
  const [draft, setDraft] = useState<Filters>({ status: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const [dateErrors, setDateErrors] = useState<Partial<Record<ShiftDateField, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, attempt);
  const [shifts] = useRemote(useCallback(() => shiftsApi.list(shiftsQuery(filters)), [filters]));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    // A date the input could not read (half typed, 31 February) has the value '', as an empty one.
    const unreadable = (id: string) =>
      form.current?.querySelector<HTMLInputElement>(`#${id}`)?.validity.badInput;
    const errors = shiftFilterErrors(draft, { from: unreadable('shifts-from'), to: unreadable('shifts-to') });
    setDateErrors(errors);
    if (Object.keys(errors).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setFilters(draft);
  };
  const dateError = (field: ShiftDateField) => {
    const code = dateErrors[field];
    return code ? t.error(code) : undefined;
  };
  const editDate = (field: ShiftDateField, value: string) => {
    setDraft({ ...draft, [field]: value });
    setDateErrors({ ...dateErrors, [field]: undefined });
  };
  // The same rule as the API: who may read reports sees every register.
  const allRegisters = canRead(session, 'reports.view');
  const registers = useKnownRegisters(session.role);
  return (
    <section>
      <PageHeading>{t('shifts.title')}</PageHeading>
      <SalesNav />
      <p className="muted">{t(allRegisters ? 'shifts.allRegisters' : 'shifts.thisRegister')}</p>
      <form ref={form} noValidate className="filters" aria-label={t('shifts.filters')} onSubmit={apply}>
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
          onChange={(e) => editDate('from', e.target.value)}
          error={dateError('from')}
        />
        <TextField
          id="shifts-to"
          type="date"
          label={t('history.to')}
          value={draft.to}
          onChange={(e) => editDate('to', e.target.value)}
          error={dateError('to')}
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

import { type FormEvent, useState } from 'react';
import { fieldErrors, problemOf } from '../../api/client';
import { membersApi } from '../../api/members';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { CREDIT_RESOURCE_TYPES, type CreditResourceType, can, type MemberDetail } from '../../contract';
import { parseScaled } from '../../decimal-input';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { hoursText, resourceTypeText } from './member-format';

/** Credit balance per resource type (the sum of the ledger), the ledger itself and manual adjustments. */
export function CreditsPanel({ detail, reload }: { detail: MemberDetail; reload(): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const [adjusting, setAdjusting] = useState(false);
  return (
    <>
      <h2>{t('credits.title')}</h2>
      {detail.balances.length === 0 ? (
        <p className="muted">{t('credits.none')}</p>
      ) : (
        <table className="data-table" aria-label={t('credits.balances')}>
          <thead>
            <tr>
              <th scope="col">{t('credits.resourceType')}</th>
              <th scope="col" className="numeric">
                {t('credits.balance')}
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.balances.map((b) => (
              <tr key={b.resourceType}>
                <th scope="row">{resourceTypeText(t, b.resourceType)}</th>
                <td className="numeric">{hoursText(t, b.minutes, format.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(role, 'resources.manage') && (
        <div className="toolbar">
          <button type="button" className="button-secondary" onClick={() => setAdjusting(true)}>
            {t('credits.adjust')}
          </button>
        </div>
      )}
      {adjusting && (
        <AdjustDialog
          memberId={detail.member.id}
          onClose={() => setAdjusting(false)}
          onDone={() => {
            setAdjusting(false);
            reload();
          }}
        />
      )}
      <h3>{t('credits.ledger')}</h3>
      {detail.ledger.length === 0 ? (
        <p className="muted">{t('credits.noEntries')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('credits.ledger')}>
            <thead>
              <tr>
                <th scope="col">{t('credits.date')}</th>
                <th scope="col">{t('credits.resourceType')}</th>
                <th scope="col">{t('credits.kind')}</th>
                <th scope="col" className="numeric">
                  {t('credits.change')}
                </th>
                <th scope="col">{t('credits.note')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.ledger.map((e) => (
                <tr key={e.id}>
                  <td>{format.dateTime(e.createdAt)}</td>
                  <td>{resourceTypeText(t, e.resourceType)}</td>
                  <td>{t(`credits.kind.${e.kind}`)}</td>
                  <td className="numeric">
                    {(e.minutes > 0 ? '+' : '') + hoursText(t, e.minutes, format.locale)}
                  </td>
                  <td>
                    {detail.member.kind === 'company' && e.kind === 'consumption' && e.bookingId && e.note
                      ? t('credits.bookingFor', { name: e.note })
                      : (e.note ??
                        (e.periodStart ? t('credits.forPeriod', { date: format.day(e.periodStart) }) : ''))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Hours typed the business's way, signed: "-1,5" takes ninety minutes away. */
function AdjustDialog({ memberId, onClose, onDone }: { memberId: string; onClose(): void; onDone(): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const [resourceType, setResourceType] = useState<CreditResourceType>('meeting_room');
  const [hours, setHours] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const parsed = parseScaled(hours, format.locale, 2, { signed: true });
    const minutes = parsed.ok ? Math.round((parsed.value * 60) / 100) : Number.NaN;
    if (!parsed.ok || (parsed.value * 60) % 100 !== 0) {
      setErrors({ minutes: 'minutes-invalid' });
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await membersApi.adjustCredits(memberId, { id: crypto.randomUUID(), resourceType, minutes, note });
      onDone();
    } catch (error) {
      const problem = problemOf(error);
      const fields = fieldErrors(problem);
      setErrors(fields);
      setFormError(Object.keys(fields).length > 0 ? null : problem.code);
    } finally {
      setBusy(false);
    }
  }
  const errorOf = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);
  return (
    <Dialog title={t('credits.adjustTitle')} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <SelectField
          id="adjust-type"
          label={t('credits.resourceType')}
          value={resourceType}
          onChange={(e) => setResourceType(e.target.value as CreditResourceType)}
          options={CREDIT_RESOURCE_TYPES.map((type) => ({ value: type, label: resourceTypeText(t, type) }))}
        />
        <TextField
          id="adjust-hours"
          label={t('credits.adjustHours')}
          hint={t('credits.adjustHoursHint')}
          inputMode="decimal"
          autoComplete="off"
          value={hours}
          error={errorOf('minutes')}
          onChange={(e) => {
            setHours(e.target.value);
            setErrors({});
          }}
        />
        <TextField
          id="adjust-note"
          label={t('credits.note')}
          hint={t('credits.noteHint')}
          autoComplete="off"
          value={note}
          error={errorOf('note')}
          onChange={(e) => {
            setNote(e.target.value);
            setErrors({});
          }}
        />
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('credits.adjustConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

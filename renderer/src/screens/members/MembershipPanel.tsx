import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { problemOf } from '../../api/client';
import { type MembershipAction, membersApi, membershipsApi, plansApi } from '../../api/members';
import { Dialog } from '../../components/Dialog';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { StatusLine } from '../../components/StatusLine';
import { useApiForm } from '../../components/useApiForm';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useRemote } from '../../components/useRemote';
import { can, type MembershipStartPreview, type MembershipView, type PlanView } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

/** The business's calendar date now (its time zone), `2026-11-25`. */
function businessToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

interface Props {
  memberId: string;
  membership: MembershipView | null;
  reload(): void;
}

/** The member's membership: start one, or pause, resume, change plan, cancel at period end. */
export function MembershipPanel({ memberId, membership, reload }: Props) {
  const t = useT();
  const { role } = useTenantSession();
  const manager = can(role, 'resources.manage');
  const [plans] = useRemote(useCallback(() => plansApi.list().then((r) => r.plans), []));
  const active = plans.state === 'loaded' ? plans.value.filter((p) => p.active) : [];
  return (
    <>
      <h2>{t('membership.title')}</h2>
      {membership ? (
        <CurrentMembership membership={membership} plans={active} manager={manager} reload={reload} />
      ) : (
        <>
          <p className="muted">{t('membership.none')}</p>
          {manager && plans.state === 'loaded' && (
            <StartMembershipForm memberId={memberId} plans={active} reload={reload} />
          )}
        </>
      )}
    </>
  );
}

function StartMembershipForm({
  memberId,
  plans,
  reload,
}: {
  memberId: string;
  plans: PlanView[];
  reload(): void;
}) {
  const t = useT();
  const { tenant } = useTenantSession();
  const form = useApiForm({
    initial: () => ({ planId: plans[0]?.id ?? '', startsOn: businessToday(tenant.timeZone), deskLabel: '' }),
  });
  const { values, change, errorFor } = form;
  const plan = plans.find((p) => p.id === values.planId);
  // A start before the current period charges every period since: said, and confirmed, before saving.
  const [preview, setPreview] = useState<MembershipStartPreview | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  useEffect(() => {
    setPreview(null);
    setConfirmed(false);
    if (!values.planId || !/^\d{4}-\d{2}-\d{2}$/.test(values.startsOn)) return;
    let current = true;
    membersApi
      .previewStart(memberId, { planId: values.planId, startsOn: values.startsOn })
      .then((answer) => current && setPreview(answer))
      .catch(() => undefined); // the start's own answer names what is wrong with the date or plan
    return () => {
      current = false;
    };
  }, [memberId, values.planId, values.startsOn]);
  const asksConfirmation = preview !== null && chargesPastPeriods(preview);
  const submit = form.submit(async (v) => {
    await membersApi.startMembership(memberId, {
      ...v,
      id: crypto.randomUUID(),
      confirmPeriods: asksConfirmation && confirmed ? preview.periods : undefined,
    });
    reload();
  });
  if (plans.length === 0) return <p className="muted">{t('membership.noPlans')}</p>;
  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={submit}
      aria-busy={form.busy}
      aria-label={t('membership.start')}
      className="settings-form"
    >
      <SelectField
        id="membership-plan"
        label={t('membership.plan')}
        value={values.planId}
        error={errorFor('planId')}
        onChange={(e) => change({ planId: e.target.value })}
        options={plans.map((p) => ({ value: p.id, label: p.name }))}
      />
      <TextField
        id="membership-starts-on"
        type="date"
        label={t('membership.startsOn')}
        hint={t('membership.startsOnHint')}
        value={values.startsOn}
        error={errorFor('startsOn')}
        onChange={(e) => change({ startsOn: e.target.value })}
      />
      {asksConfirmation && (
        <PastPeriodsConfirm preview={preview} checked={confirmed} onChange={setConfirmed} />
      )}
      {plan?.fixedDesk && (
        <TextField
          id="membership-desk"
          label={t('membership.desk')}
          value={values.deskLabel}
          error={errorFor('deskLabel')}
          onChange={(e) => change({ deskLabel: e.target.value })}
        />
      )}
      <FormFooter form={form} submitLabel={t('membership.start')} />
    </form>
  );
}

/** A start that charges more than one period's fee at once (it began before the current period). */
export const chargesPastPeriods = (p: MembershipStartPreview) => p.periods > 1 && p.fees > 0;

/** How many periods a backdated start charges, what they come to, and the box that confirms them. */
export function PastPeriodsConfirm({
  preview,
  checked,
  onChange,
}: {
  preview: MembershipStartPreview;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  const total = format.money(preview.charge?.total ?? preview.fees);
  return (
    <CheckboxField
      id="membership-confirm-periods"
      label={t('membership.pastPeriodsConfirm', { count: String(preview.periods), total })}
      hint={t('membership.pastPeriods', {
        count: String(preview.periods),
        from: format.day(preview.from ?? ''),
        to: format.day(lastDay(preview.to ?? '')),
        total,
      })}
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

function CurrentMembership({
  membership,
  plans,
  manager,
  reload,
}: {
  membership: MembershipView;
  plans: PlanView[];
  manager: boolean;
  reload(): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  const confirm = useConfirmAction();
  const [changing, setChanging] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const act = async (action: MembershipAction, message: string) => {
    setFailure(null);
    setDone('');
    try {
      await membershipsApi.act(membership.id, action);
      setDone(message);
      reload();
    } catch (error) {
      setFailure(problemOf(error).code);
    }
  };
  const keepPlan = async () => {
    setFailure(null);
    setDone('');
    try {
      await membershipsApi.changePlan(membership.id, { planId: membership.plan.id });
      setDone(t('membership.downgradeUndone', { name: membership.plan.name }));
      reload();
    } catch (error) {
      setFailure(problemOf(error).code);
    }
  };
  const cancelling = membership.endsOn !== null;
  // Undoing the cancellation removes its button: the focus goes to the toolbar that replaces it.
  const toolbar = useRef<HTMLDivElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus || cancelling) return;
    toolbar.current?.querySelector('button')?.focus();
    setRefocus(false);
  }, [refocus, cancelling]);
  const undoCancel = async () => {
    await act('undo-cancel', t('membership.cancelUndone'));
    setRefocus(true);
  };
  const period =
    membership.periodStart && membership.periodEnd
      ? t('membership.periodRange', {
          from: format.day(membership.periodStart),
          to: format.day(lastDay(membership.periodEnd)),
        })
      : t('membership.notStarted', { date: format.day(membership.startsOn) });
  const rows: [string, string][] = [
    [t('membership.plan'), membership.plan.name],
    [
      t('membership.price'),
      `${format.money(membership.plan.price)} / ${t(`plan.period.${membership.plan.period}`)}`,
    ],
    [t('membership.status'), t(`membership.status.${membership.status}`)],
    [t('membership.period'), period],
  ];
  if (membership.deskLabel) rows.push([t('membership.desk'), membership.deskLabel]);
  if (membership.nextPlan) rows.push([t('membership.nextPlan'), membership.nextPlan.name]);
  // endsOn is the first day without the membership: members read the last day they may use it.
  if (membership.endsOn) rows.push([t('membership.endsOn'), format.day(lastDay(membership.endsOn))]);
  return (
    <>
      <dl className="details" aria-label={t('membership.title')}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {manager && cancelling && (
        <div className="toolbar">
          <button type="button" className="button-secondary" onClick={undoCancel}>
            {t('membership.undoCancel')}
          </button>
        </div>
      )}
      {manager && !cancelling && (
        <div className="toolbar" ref={toolbar}>
          {membership.status === 'active' ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() => act('pause', t('membership.paused'))}
            >
              {t('membership.pause')}
            </button>
          ) : (
            <button
              type="button"
              className="button-secondary"
              onClick={() => act('resume', t('membership.resumed'))}
            >
              {t('membership.resume')}
            </button>
          )}
          {membership.status === 'active' && (
            <button type="button" className="button-secondary" onClick={() => setChanging(true)}>
              {t('membership.changePlan')}
            </button>
          )}
          {membership.nextPlan && (
            <button type="button" className="button-secondary" onClick={keepPlan}>
              {t('membership.keepPlan', { name: membership.plan.name })}
            </button>
          )}
          <button
            type="button"
            className="button-secondary"
            onClick={() => act('renew', t('membership.renewed'))}
          >
            {t('membership.renew')}
          </button>
          <button
            type="button"
            className="button-danger"
            onClick={() =>
              confirm.ask({
                title: t('membership.cancelTitle'),
                body: t('membership.cancelBody', {
                  date: membership.periodEnd
                    ? format.day(lastDay(membership.periodEnd))
                    : format.day(membership.startsOn),
                }),
                confirmLabel: t('membership.cancelConfirm'),
                danger: true,
                onConfirm: async () => {
                  await membershipsApi.act(membership.id, 'cancel');
                  reload();
                },
              })
            }
          >
            {t('membership.cancel')}
          </button>
        </div>
      )}
      <FormAlert>{failure && <p>{t.error(failure)}</p>}</FormAlert>
      <StatusLine>{done}</StatusLine>
      {confirm.dialog}
      {changing && (
        <ChangePlanDialog
          membership={membership}
          plans={plans.filter((p) => p.period === membership.plan.period)}
          onClose={() => setChanging(false)}
          onChanged={(message) => {
            setChanging(false);
            setDone(message);
            reload();
          }}
        />
      )}
    </>
  );
}

/** The last day of a period whose end (exclusive) is `end`. */
function lastDay(end: string): string {
  const d = new Date(`${end}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function ChangePlanDialog({
  membership,
  plans,
  onClose,
  onChanged,
}: {
  membership: MembershipView;
  plans: PlanView[];
  onClose(): void;
  onChanged(message: string): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  // Other plans; the current one only to undo a scheduled downgrade (offered first).
  const undo = membership.nextPlan !== null;
  const choices = plans.filter((p) => p.id !== membership.plan.id);
  const [planId, setPlanId] = useState(undo ? membership.plan.id : (choices[0]?.id ?? ''));
  const [deskLabel, setDeskLabel] = useState(membership.deskLabel ?? '');
  const [failure, setFailure] = useState<{ code: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = plans.find((p) => p.id === planId);
  const undoing = undo && planId === membership.plan.id;
  const asksDesk = Boolean(chosen?.fixedDesk) && !undoing;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !planId) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await membershipsApi.changePlan(membership.id, {
        planId,
        deskLabel: asksDesk ? deskLabel : null,
      });
      onChanged(
        undoing
          ? t('membership.downgradeUndone', { name: membership.plan.name })
          : result.effective === 'now'
            ? t('membership.changedNow', { amount: format.money(result.prorationCharge) })
            : t('membership.changedNext'),
      );
    } catch (error) {
      const problem = problemOf(error);
      setFailure({ code: problem.code, field: problem.field });
    } finally {
      setBusy(false);
    }
  }
  const options = [
    ...(undo
      ? [{ value: membership.plan.id, label: t('membership.keepPlan', { name: membership.plan.name }) }]
      : []),
    ...choices.map((p) => ({ value: p.id, label: `${p.name} · ${format.money(p.price)}` })),
  ];
  const deskError = failure?.field === 'deskLabel' ? t.error(failure.code) : undefined;
  return (
    <Dialog title={t('membership.changePlan')} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <div className="dialog-body">
          <p>{t('membership.changeRule')}</p>
        </div>
        {options.length === 0 ? (
          <p className="muted">{t('membership.noOtherPlans')}</p>
        ) : (
          <SelectField
            id="change-plan"
            label={t('membership.newPlan')}
            value={planId}
            onChange={(e) => setPlanId(e.target.value)}
            options={options}
          />
        )}
        {asksDesk && (
          <TextField
            id="change-plan-desk"
            label={t('membership.desk')}
            hint={t('membership.deskHint')}
            value={deskLabel}
            error={deskError}
            onChange={(e) => setDeskLabel(e.target.value)}
          />
        )}
        <FormAlert>{failure && !deskError && <p>{t.error(failure.code)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy || options.length === 0}>
            {t('membership.changeConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { useEffect, useRef, useState } from 'react';
import { ApiError, problemOf, validate } from '../../../api/client';
import { syncApi } from '../../../api/sync';
import { CheckboxField } from '../../../components/Field';
import { FormAlert } from '../../../components/FormAlert';
import { StatusLine } from '../../../components/StatusLine';
import { useApiForm } from '../../../components/useApiForm';
import {
  type ConsoleEnrollPreview,
  type ConsoleEnrollResult,
  consoleEnrollRequest,
  type Problem,
} from '../../../contract';
import { useT } from '../../../i18n';
import { useSession, useTenantSession } from '../../../stores/session';
import { useJoinNotice, useSync } from '../../../stores/sync';
import { EMPTY_HUB_VALUES, HubFields, type HubValues } from './HubFields';
import { syncProblemText } from './sync-view';

const LEAVE_BEHIND_FIELD = 'confirmLeaveBehind';

function leaveBehindUnconfirmed(): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Confirmation required',
    status: 400,
    code: 'leave-behind-unconfirmed',
    field: LEAVE_BEHIND_FIELD,
  });
}

/**
 * Connects a local-only console to a hub in two steps: the code is checked first (nothing is
 * spent) and what will happen is shown; then "Conectar" enrolls. Data that would stay behind
 * must be confirmed with the checkbox.
 */
export function EnrollForm({
  onEnrolled,
  readmit,
}: {
  onEnrolled(): void;
  /** A console the hub revoked, let back into its own business: its hub and name filled in. */
  readmit?: { hubUrl: string; deviceName: string };
}) {
  const t = useT();
  const refresh = useSync((s) => s.refresh);
  const { tenant } = useTenantSession();
  const signOut = useSession((s) => s.signOut);
  const setJoined = useJoinNotice((s) => s.setJoined);
  const form = useApiForm<HubValues>({ initial: readmit ? { ...readmit, code: '' } : EMPTY_HUB_VALUES });
  const [preview, setPreview] = useState<ConsoleEnrollPreview | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  /** Joined over a business of this console whose accounts now sign in with another address. */
  const [moved, setMoved] = useState<ConsoleEnrollResult | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const movedHeading = useRef<HTMLHeadingElement>(null);
  const firstField = useRef<HTMLInputElement>(null);

  // A new preview is read first: focus moves to it, then Tab reaches the confirmation and "Conectar".
  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);
  useEffect(() => {
    if (moved) movedHeading.current?.focus();
  }, [moved]);

  async function goToSignIn(businessName: string) {
    setJoined(businessName);
    await signOut();
  }

  const change = (patch: Partial<HubValues>) => {
    form.change(patch);
    setProblem(null);
    // The preview belongs to this hub and code; another one must be checked again.
    if ('hubUrl' in patch || 'code' in patch) {
      setPreview(null);
      setConfirmed(false);
    }
  };

  const submit = form.submit(async (values) => {
    setProblem(null);
    try {
      if (!preview) {
        const checked = validate(consoleEnrollRequest, values);
        setPreview(await syncApi.enrollPreview({ hubUrl: checked.hubUrl, code: checked.code }));
        setConfirmed(false);
        return;
      }
      if (preview.leftBehind && !confirmed) throw leaveBehindUnconfirmed();
      const outcome = await syncApi.enroll({
        ...values,
        confirmLeaveBehind: preview.leftBehind !== null && confirmed,
      });
      if (outcome?.tenantId && outcome.tenantId !== tenant.id) {
        // Joined another business: the one signed in here stays behind, read-only. Its members
        // sign in again with their hub accounts; accounts whose address the hub's took are told
        // their new one before signing out, the only way back into the business left behind.
        if (outcome.leftBehind && outcome.leftBehind.movedAccounts.length > 0) {
          setMoved(outcome);
          return;
        }
        await goToSignIn(outcome.businessName || preview.businessName);
        return;
      }
      onEnrolled();
      await refresh();
    } catch (error) {
      setProblem(problemOf(error));
      throw error;
    }
  });

  function back() {
    setPreview(null);
    setConfirmed(false);
    setProblem(null);
    firstField.current?.focus();
  }

  const confirmError = form.errors[LEAVE_BEHIND_FIELD];
  if (moved?.leftBehind) {
    return (
      <section aria-labelledby="sync-moved-title" className="notice">
        <h3 id="sync-moved-title" ref={movedHeading} tabIndex={-1}>
          {t('sync.enroll.movedTitle', { business: moved.leftBehind.businessName })}
        </h3>
        <ul>
          {moved.leftBehind.movedAccounts.map((account) => (
            <li key={account.to}>
              {t('sync.enroll.moved', { name: account.name, to: account.to, from: account.from })}
            </li>
          ))}
        </ul>
        <p>{t('sync.enroll.movedJoined', { joined: moved.businessName })}</p>
        <div className="form-actions">
          <button
            type="button"
            className="button-primary"
            onClick={() => void goToSignIn(moved.businessName)}
          >
            {t('sync.enroll.continue')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <section aria-labelledby="sync-enroll-title">
      <h3 id="sync-enroll-title">{t(readmit ? 'sync.readmit.title' : 'sync.enroll.title')}</h3>
      <p className="muted">{t(readmit ? 'sync.readmit.intro' : 'sync.enroll.intro')}</p>
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
        <HubFields
          values={form.values}
          onChange={change}
          errors={form.errors}
          idPrefix="sync-enroll"
          firstRef={firstField}
        />
        {preview && (
          <section aria-labelledby="sync-preview-title" className="notice">
            <h4 id="sync-preview-title" ref={previewHeading} tabIndex={-1}>
              {t('sync.enroll.preview')}
            </h4>
            <p>
              {t(
                readmit
                  ? 'sync.readmit.preview'
                  : preview.mode === 'join'
                    ? 'sync.enroll.join'
                    : 'sync.enroll.upload',
                {
                  business: preview.businessName,
                },
              )}
            </p>
            {preview.leftBehind && (
              <div className="form-alert">
                <p>
                  <strong>{t('sync.enroll.leftBehindTitle')}</strong>
                </p>
                <p>{t('sync.enroll.leftBehind', { business: preview.leftBehind.businessName })}</p>
                <ul>
                  <li>{t('sync.enroll.leftBehindSales', { count: preview.leftBehind.sales })}</li>
                  <li>{t('sync.enroll.leftBehindProducts', { count: preview.leftBehind.products })}</li>
                  <li>{t('sync.enroll.leftBehindBookings', { count: preview.leftBehind.bookings })}</li>
                  <li>{t('sync.enroll.leftBehindOps', { count: preview.leftBehind.ops })}</li>
                </ul>
                {preview.leftBehind.signIn && (
                  <p>
                    {t('sync.enroll.leftBehindSignIn', {
                      business: preview.leftBehind.businessName,
                      email: preview.leftBehind.signIn.email,
                      tagged: preview.leftBehind.signIn.ifTaken,
                    })}
                  </p>
                )}
                <CheckboxField
                  id="sync-enroll-confirm"
                  label={t('sync.enroll.confirmLeaveBehind')}
                  checked={confirmed}
                  aria-invalid={confirmError ? true : undefined}
                  onChange={(e) => {
                    setConfirmed(e.target.checked);
                    form.clearErrors(LEAVE_BEHIND_FIELD);
                    setProblem(null);
                  }}
                />
                {confirmError && <p className="field-error">{t.error(confirmError)}</p>}
              </div>
            )}
            {preview.leftBehind && <p>{t('sync.enroll.signInAfter')}</p>}
          </section>
        )}
        <FormAlert>{form.formError && problem && <p>{syncProblemText(problem, t)}</p>}</FormAlert>
        <StatusLine>{form.busy ? t(preview ? 'sync.nowRunning' : 'sync.enroll.checking') : ''}</StatusLine>
        <div className="form-actions">
          <button type="submit" className="button-primary" aria-disabled={form.busy}>
            {preview ? t('sync.enroll.submit') : t('sync.enroll.check')}
          </button>
          {preview && (
            <button type="button" className="button-secondary" onClick={back}>
              {t('sync.enroll.back')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

import { type FormEvent, useEffect, useState } from 'react';
import { bookingsApi } from '../../api/bookings';
import { api, problemOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { BookingView } from '../../contract';
import { type Translator, useT } from '../../i18n';
import { useSession, useTenantSession } from '../../stores/session';
import { useSpan } from './ConflictPanel';

/**
 * /bookings/check-in: one big field for the six-character booking code; ready for the next one after
 * each. Staff turn the console into the kiosk from here, and end kiosk mode here with a PIN.
 */
export function KioskCheckInScreen() {
  const t = useT();
  const span = useSpan();
  const { kioskMode } = useTenantSession();
  useDocumentTitle(t('kiosk.title'));
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [welcomed, setWelcomed] = useState<KioskWelcomed | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useAutoFocus<HTMLInputElement>();
  // The last member's name, room and time leave the screen by themselves, not when the next one types.
  useEffect(() => (welcomed ? hideWelcomeLater(() => setWelcomed(null)) : undefined), [welcomed]);
  // An unattended kiosk asks now and then, so its session is renewed and it never drops to sign-in.
  useEffect(
    () => (kioskMode ? keepKioskAlive(() => void api.session().catch(() => null)) : undefined),
    [kioskMode],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setWelcomed(null);
    try {
      const booking = await bookingsApi.checkInByCode({ code });
      setWelcomed(booking);
      setCode('');
    } catch (e) {
      setError(problemOf(e).code);
    } finally {
      setBusy(false);
      ref.current?.focus();
    }
  }

  return (
    <section className="kiosk">
      <PageHeading>{t('kiosk.title')}</PageHeading>
      <form noValidate onSubmit={submit} aria-busy={busy} className="kiosk-form">
        <label htmlFor="kiosk-code">{t('kiosk.code')}</label>
        <p id="kiosk-code-hint" className="field-hint">
          {t('kiosk.hint')}
        </p>
        <input
          id="kiosk-code"
          ref={ref}
          className="kiosk-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={6}
          aria-describedby={error ? 'kiosk-code-hint kiosk-code-error' : 'kiosk-code-hint'}
          aria-invalid={error ? true : undefined}
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
        />
        <KioskCodeError error={error} />
        <button type="submit" className="button-primary kiosk-button" aria-disabled={busy}>
          {t('kiosk.submit')}
        </button>
      </form>
      <p role="status" className="kiosk-welcome">
        {welcomed ? kioskWelcome(t, welcomed, span(welcomed.startsAt, welcomed.endsAt)) : ''}
      </p>
      {kioskMode ? <LeaveKiosk /> : <StartKiosk />}
    </section>
  );
}

/** Staff turn this console into the members' kiosk: only this screen until a staff PIN ends it. */
function StartKiosk() {
  const t = useT();
  const signedIn = useSession((s) => s.signedIn);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function start() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.startKiosk());
    } catch (e) {
      setError(problemOf(e).code);
      setBusy(false);
    }
  }

  return (
    <div className="kiosk-mode">
      <p id="kiosk-start-hint" className="field-hint">
        {t('kiosk.startHint')}
      </p>
      <button
        type="button"
        className="button-secondary"
        aria-describedby="kiosk-start-hint"
        aria-disabled={busy}
        onClick={() => void start()}
      >
        {t('kiosk.start')}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {t.error(error)}
        </p>
      )}
    </div>
  );
}

/** Staff end kiosk mode with their PIN (or the signed-in account's password). */
export function LeaveKiosk() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="kiosk-mode">
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {t('kiosk.leave')}
      </button>
      {open && <LeaveKioskDialog onClose={() => setOpen(false)} />}
    </div>
  );
}

function LeaveKioskDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const signedIn = useSession((s) => s.signedIn);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useAutoFocus<HTMLInputElement>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      signedIn(await api.leaveKiosk({ secret }));
    } catch (e) {
      setError(problemOf(e).code);
      setSecret('');
      setBusy(false);
      ref.current?.focus();
    }
  }

  return (
    <Dialog title={t('kiosk.leaveTitle')} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <div className="field">
          <label htmlFor="kiosk-secret">{t('kiosk.secret')}</label>
          <p id="kiosk-secret-hint" className="field-hint">
            {t('kiosk.secretHint')}
          </p>
          <input
            id="kiosk-secret"
            ref={ref}
            type="password"
            autoComplete="off"
            maxLength={256}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'kiosk-secret-hint kiosk-secret-error' : 'kiosk-secret-hint'}
          />
          <div role="alert" id="kiosk-secret-error" className="field-error">
            {error ? t.error(error) : ''}
          </div>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('kiosk.leaveSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Why the code was refused, under the field: in an alert region (always rendered) so it is
 * announced the moment it appears, and the field's description (aria-describedby) while it stays.
 */
export function KioskCodeError({ error }: { error: string | null }) {
  const t = useT();
  return (
    <FormAlert>
      {error && (
        <p id="kiosk-code-error" className="field-error">
          {t.error(error)}
        </p>
      )}
    </FormAlert>
  );
}

/** What the kiosk shows of a checked-in booking: all a console in kiosk mode is answered (bookings.routes.ts). */
type KioskWelcomed = Pick<
  BookingView,
  'memberName' | 'customerName' | 'title' | 'resourceName' | 'startsAt' | 'endsAt'
>;

/** How long the greeting after a check-in stays on the kiosk's screen. */
export const KIOSK_WELCOME_MS = 15_000;

/**
 * Calls `hide` once the greeting has been shown KIOSK_WELCOME_MS, so the next member at the kiosk
 * does not read who checked in before them; the returned function cancels it (unmount, a new code).
 */
/** How often a kiosk's screen asks for its session (the backend renews a kiosk's session as it is used). */
export const KIOSK_KEEPALIVE_MS = 10 * 60_000;

/** Calls `ask` every KIOSK_KEEPALIVE_MS until the returned cleanup runs. */
export function keepKioskAlive(ask: () => void, ms = KIOSK_KEEPALIVE_MS): () => void {
  const timer = setInterval(ask, ms);
  return () => clearInterval(timer);
}

export function hideWelcomeLater(hide: () => void, ms = KIOSK_WELCOME_MS): () => void {
  const timer = setTimeout(hide, ms);
  return () => clearTimeout(timer);
}

/** The greeting after a check-in: by name when the booking has one, without a dangling "Welcome :" otherwise. */
export function kioskWelcome(
  t: Translator,
  booking: Pick<BookingView, 'memberName' | 'customerName' | 'title' | 'resourceName'>,
  span: string,
): string {
  const name = booking.memberName || booking.customerName || booking.title.trim();
  return name
    ? t('kiosk.welcome', { name, resource: booking.resourceName, span })
    : t('kiosk.welcomeNoName', { resource: booking.resourceName, span });
}

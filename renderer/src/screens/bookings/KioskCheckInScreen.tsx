import { type FormEvent, useState } from 'react';
import { bookingsApi } from '../../api/bookings';
import { problemOf } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { BookingView } from '../../contract';
import { type Translator, useT } from '../../i18n';
import { useSpan } from './ConflictPanel';

/** /bookings/check-in: one big field for the six-character booking code; ready for the next one after each. */
export function KioskCheckInScreen() {
  const t = useT();
  const span = useSpan();
  useDocumentTitle(t('kiosk.title'));
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [welcomed, setWelcomed] = useState<BookingView | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useAutoFocus<HTMLInputElement>();

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
    </section>
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

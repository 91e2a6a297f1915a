import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { api, problemOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { isCompletePin, PIN_MAX, pinPadKey, pinPadReducer } from '../../components/pin-pad';
import { useT } from '../../i18n';
import { useSession } from '../../stores/session';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** Switches the acting user at a shared counter: digits by keyboard or on-screen keys, Enter submits. */
export function PinPadDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const signedIn = useSession((s) => s.signedIn);
  const [pin, setPin] = useState('');
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const edit = (next: string) => {
    setErrorCode(null);
    setPin(next);
  };

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!isCompletePin(pin)) {
      setErrorCode('pin-format');
      return;
    }
    setBusy(true);
    try {
      signedIn(await api.switchUser({ pin }));
      onClose();
    } catch (error) {
      setErrorCode(problemOf(error).code);
      setPin('');
    } finally {
      setBusy(false);
    }
  }

  // Typing digits works wherever focus is inside the pad, not only in the field.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.target instanceof HTMLInputElement) return;
    const action = pinPadKey(event.key);
    if (!action) return;
    event.preventDefault();
    edit(pinPadReducer(pin, action));
  };

  return (
    <Dialog title={t('pinPad.title')} onClose={onClose} className="pin-dialog">
      <form noValidate onSubmit={submit} onKeyDown={onKeyDown} aria-busy={busy} className="dialog-form">
        <p>{t('pinPad.intro')}</p>
        <div className="field">
          <label htmlFor="pin-pad-input">{t('pinPad.pin')}</label>
          <input
            id="pin-pad-input"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={PIN_MAX}
            value={pin}
            onChange={(e) => edit(e.target.value.replace(/\D/g, '').slice(0, PIN_MAX))}
            aria-invalid={errorCode ? true : undefined}
            aria-describedby={errorCode ? 'pin-pad-error' : undefined}
            className="pin-input"
          />
          <p className="sr-only" aria-live="polite">
            {t('pinPad.entered', { count: pin.length })}
          </p>
        </div>
        <fieldset className="pin-keys">
          <legend className="sr-only">{t('pinPad.keys')}</legend>
          {DIGITS.map((digit) => (
            <button
              key={digit}
              type="button"
              className="button-secondary pin-key"
              onClick={() => edit(pinPadReducer(pin, { type: 'digit', digit }))}
            >
              {digit}
            </button>
          ))}
          <button
            type="button"
            className="button-secondary pin-key"
            aria-label={t('pinPad.backspace')}
            onClick={() => edit(pinPadReducer(pin, { type: 'backspace' }))}
          >
            ⌫
          </button>
          <button
            type="button"
            className="button-secondary pin-key"
            onClick={() => edit(pinPadReducer(pin, { type: 'clear' }))}
          >
            {t('pinPad.clear')}
          </button>
        </fieldset>
        <div role="alert" id="pin-pad-error" className="field-error">
          {errorCode ? t.error(errorCode) : ''}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('pinPad.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { type FormEvent, useState } from 'react';
import { TextField } from '../../components/Field';
import { useT } from '../../i18n';

/**
 * Emailing an invoice or a quote: an optional address (empty sends to the customer's) and the
 * button. Each screen says what sending does and reports the outcome.
 */
export function SendDocumentForm({
  id,
  submitLabel,
  onSend,
}: {
  id: string;
  submitLabel: string;
  onSend: (request: { to?: string }) => void | Promise<void>;
}) {
  const t = useT();
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSend(email.trim() ? { to: email.trim() } : {});
  };
  return (
    <form noValidate className="filters" onSubmit={submit}>
      <TextField
        id={id}
        type="email"
        label={t('invoice.email')}
        hint={t('invoice.emailHint')}
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <button type="submit" className="button-secondary">
        {submitLabel}
      </button>
    </form>
  );
}

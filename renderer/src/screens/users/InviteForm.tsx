import { type FormEvent, useRef, useState } from 'react';
import { api, fieldErrors, problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { canGrant, type InvitationView, type Role, TENANT_ROLES, type TenantRole } from '../../contract';
import { useT } from '../../i18n';

/** Roles the inviter may hand out: their own or lower, never SUPERADMIN. */
export function grantableRoles(inviter: Role): TenantRole[] {
  return TENANT_ROLES.filter((role) => canGrant(inviter, role));
}

interface InviteFormProps {
  role: Role;
  onInvited(invitation: InvitationView): void;
  /** The invitation was saved but its email failed (`mail-failed`): the list must show it for Resend. */
  onSavedWithoutMail(): void;
}

export function InviteForm({ role: myRole, onInvited, onSavedWithoutMail }: InviteFormProps) {
  const t = useT();
  const roles = grantableRoles(myRole);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TenantRole>(roles.includes('STAFF') ? 'STAFF' : (roles[0] ?? 'STAFF'));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      const invitation = await api.invite({ email, role });
      setEmail('');
      setErrors({});
      onInvited(invitation);
    } catch (error) {
      const problem = problemOf(error);
      if (problem.code === 'mail-failed') onSavedWithoutMail();
      const byField = fieldErrors(problem);
      setErrors(byField);
      // A code already shown next to its field is not repeated above the button.
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="inline-form">
      <TextField
        id="invite-email"
        type="email"
        label={t('field.email')}
        hint={t('users.inviteHint')}
        autoComplete="off"
        inputMode="email"
        spellCheck={false}
        value={email}
        onChange={(e) => {
          setEmail(e.target.value);
          setErrors(({ email: _email, ...rest }) => rest);
        }}
        error={errors.email ? t.emailError(errors.email) : undefined}
      />
      <SelectField
        id="invite-role"
        label={t('field.role')}
        value={role}
        options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        onChange={(e) => {
          const next = roles.find((r) => r === e.target.value);
          if (next) setRole(next);
          setErrors(({ role: _role, ...rest }) => rest);
        }}
        error={errors.role ? t.error(errors.role) : undefined}
      />
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {t('users.inviteSubmit')}
      </button>
    </form>
  );
}

import { api, problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { useApiForm } from '../../components/useApiForm';
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
  const form = useApiForm<{ email: string; role: TenantRole }>({
    initial: { email: '', role: roles.includes('STAFF') ? 'STAFF' : (roles[0] ?? 'STAFF') },
  });

  const submit = form.submit(async (values) => {
    try {
      const invitation = await api.invite(values);
      form.setValues((current) => ({ ...current, email: '' }));
      onInvited(invitation);
    } catch (error) {
      // Saved but not sent: the list must show it for Resend.
      if (problemOf(error).code === 'mail-failed') onSavedWithoutMail();
      throw error;
    }
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="inline-form">
      <TextField
        id="invite-email"
        type="email"
        label={t('field.email')}
        hint={t('users.inviteHint')}
        autoComplete="off"
        inputMode="email"
        spellCheck={false}
        value={form.values.email}
        onChange={(e) => form.change({ email: e.target.value })}
        error={form.errorFor('email', t.emailError)}
      />
      <SelectField
        id="invite-role"
        label={t('field.role')}
        value={form.values.role}
        options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        onChange={(e) => {
          const next = roles.find((r) => r === e.target.value);
          if (next) form.change({ role: next });
        }}
        error={form.errorFor('role')}
      />
      <FormFooter form={form} submitLabel={t('users.inviteSubmit')} />
    </form>
  );
}

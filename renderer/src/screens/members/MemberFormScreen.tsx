import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { membersApi } from '../../api/members';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import {
  MEMBER_KINDS,
  MEMBER_STATUSES,
  type MemberKind,
  type MemberListItem,
  type MemberProfile,
  type MemberStatus,
} from '../../contract';
import { useT } from '../../i18n';
import { CoworkingNav } from '../bookings/CoworkingNav';

interface MemberValues {
  kind: MemberKind;
  name: string;
  companyId: string;
  email: string;
  phone: string;
  taxId: string;
  address: string;
  notes: string;
  status: MemberStatus;
}

const BLANK: MemberValues = {
  kind: 'person',
  name: '',
  companyId: '',
  email: '',
  phone: '',
  taxId: '',
  address: '',
  notes: '',
  status: 'active',
};

const valuesOf = (m: MemberProfile): MemberValues => ({
  kind: m.kind,
  name: m.name,
  companyId: m.companyId ?? '',
  email: m.email ?? '',
  phone: m.phone ?? '',
  taxId: m.taxId ?? '',
  address: m.address ?? '',
  notes: m.notes ?? '',
  status: m.status,
});

/** /members/new and /members/:memberId/edit. */
export function MemberFormScreen() {
  const t = useT();
  const { memberId } = useParams();
  const [loaded] = useRemote(
    useCallback(async () => {
      const [member, companies] = await Promise.all([
        memberId ? membersApi.get(memberId).then((d) => d.member) : Promise.resolve(null),
        membersApi.list({ kind: 'company' }).then((r) => r.members),
      ]);
      return { member, companies };
    }, [memberId]),
  );
  const title = t(memberId ? 'member.editTitle' : 'member.newTitle');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <CoworkingNav />
      <p>
        <Link to={memberId ? `/members/${memberId}` : '/members'}>{t('member.back')}</Link>
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && (
        <MemberForm member={loaded.value.member} companies={loaded.value.companies} />
      )}
    </section>
  );
}

function MemberForm({ member, companies }: { member: MemberProfile | null; companies: MemberListItem[] }) {
  const t = useT();
  const navigate = useNavigate();
  const form = useApiForm({ initial: () => (member ? valuesOf(member) : BLANK) });
  const { values, change, errorFor } = form;
  const nameRef = useAutoFocus<HTMLInputElement>();
  const submit = form.submit(async ({ kind, companyId, ...rest }) => {
    const fields = { ...rest, companyId: kind === 'person' ? companyId || null : null };
    const saved = member
      ? await membersApi.update(member.id, fields)
      : await membersApi.create({ ...fields, kind, id: crypto.randomUUID() });
    navigate(`/members/${saved.id}`);
  });
  const text = (field: 'name' | 'email' | 'phone' | 'taxId' | 'address' | 'notes') => ({
    value: values[field],
    error: field === 'email' ? errorFor(field, t.emailError) : errorFor(field),
    onChange: (e: { target: { value: string } }) => change({ [field]: e.target.value }),
  });
  const otherCompanies = companies.filter((c) => c.id !== member?.id);
  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      {!member && (
        <SelectField
          id="member-kind"
          label={t('member.kind')}
          value={values.kind}
          onChange={(e) => change({ kind: e.target.value as MemberKind })}
          options={MEMBER_KINDS.map((k) => ({ value: k, label: t(`member.kind.${k}`) }))}
        />
      )}
      <TextField
        id="member-name"
        ref={nameRef}
        label={t('member.name')}
        autoComplete="off"
        {...text('name')}
      />
      {values.kind === 'person' && (
        <SelectField
          id="member-company"
          label={t('member.company')}
          hint={otherCompanies.length === 0 ? t('member.noCompanies') : undefined}
          value={values.companyId}
          error={errorFor('companyId')}
          onChange={(e) => change({ companyId: e.target.value })}
          options={[
            { value: '', label: t('member.noCompany') },
            ...otherCompanies.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
      )}
      <TextField
        id="member-email"
        type="email"
        label={t('member.email')}
        autoComplete="off"
        {...text('email')}
      />
      <TextField
        id="member-phone"
        type="tel"
        label={t('member.phone')}
        autoComplete="off"
        {...text('phone')}
      />
      <TextField id="member-tax-id" label={t('member.taxId')} autoComplete="off" {...text('taxId')} />
      <TextAreaField id="member-address" label={t('member.address')} rows={2} {...text('address')} />
      <TextAreaField id="member-notes" label={t('member.notes')} rows={3} {...text('notes')} />
      <SelectField
        id="member-status"
        label={t('member.status')}
        value={values.status}
        error={errorFor('status')}
        onChange={(e) => change({ status: e.target.value as MemberStatus })}
        options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`members.status.${s}`) }))}
      />
      <FormFooter form={form} submitLabel={t('member.save')} />
    </form>
  );
}

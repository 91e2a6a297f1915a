import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { membersApi } from '../../api/members';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { LIST_PAGE } from '../../components/paged-list';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDebounced } from '../../components/useDebounced';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import {
  MEMBER_KINDS,
  MEMBER_STATUSES,
  type MemberKind,
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
    useCallback(
      async () => ({ member: memberId ? (await membersApi.get(memberId)).member : null }),
      [memberId],
    ),
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
      {loaded.state === 'loaded' && <MemberForm member={loaded.value.member} />}
    </section>
  );
}

function MemberForm({ member }: { member: MemberProfile | null }) {
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
        <CompanyPicker
          id="member-company"
          value={values.companyId}
          current={member?.companyId ? { id: member.companyId, name: member.companyName ?? '' } : null}
          error={errorFor('companyId')}
          onChange={(companyId) => change({ companyId })}
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

export interface CompanyChoice {
  id: string;
  name: string;
}

/**
 * The company select's options: none, the chosen company (kept while a search does not find it),
 * then the companies found. `more` when more companies match than the page found lists.
 */
export function companyChoices(
  found: { members: CompanyChoice[]; total: number } | null,
  chosen: CompanyChoice | null,
): { options: CompanyChoice[]; more: { shown: number; total: number } | null } {
  const companies = found?.members ?? [];
  const options = [
    ...(chosen && !companies.some((c) => c.id === chosen.id) ? [chosen] : []),
    ...companies.map((c) => ({ id: c.id, name: c.name })),
  ];
  const more =
    found && found.total > companies.length ? { shown: companies.length, total: found.total } : null;
  return { options, more };
}

/**
 * A person's company, searched as you type (name, email, phone or tax id) among the company
 * members: the select lists the first page of matches and says when there are more, so any
 * company can be reached by typing part of its name.
 */
function CompanyPicker({
  id,
  value,
  current,
  error,
  onChange,
}: {
  id: string;
  value: string;
  /** The company the member has now (shown even when a search does not find it). */
  current: CompanyChoice | null;
  error?: string;
  onChange(companyId: string): void;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const settled = useDebounced(q);
  const [found] = useRemote(
    useCallback(() => membersApi.page({ kind: 'company', q: settled, limit: LIST_PAGE }), [settled]),
  );
  // The last company picked from a search: still listed when the search changes.
  const [picked, setPicked] = useState<CompanyChoice | null>(current);
  const chosen = value ? (picked?.id === value ? picked : current?.id === value ? current : null) : null;
  const page = found.state === 'loaded' ? found.value : null;
  const { options, more } = companyChoices(page, chosen);
  const none = page !== null && page.total === 0 && settled.trim() === '';
  return (
    <div className="member-company-picker">
      <TextField
        id={`${id}-search`}
        type="search"
        label={t('member.companySearch')}
        hint={t('members.searchHint')}
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <SelectField
        id={id}
        label={t('member.company')}
        hint={
          none
            ? t('member.noCompanies')
            : more
              ? t('member.companyMore', { shown: more.shown, total: more.total })
              : undefined
        }
        value={value}
        error={error ?? (found.state === 'failed' ? t.error(found.code) : undefined)}
        onChange={(e) => {
          const next = options.find((c) => c.id === e.target.value) ?? null;
          setPicked(next);
          onChange(next?.id ?? '');
        }}
        options={[
          { value: '', label: t('member.noCompany') },
          ...options.map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
    </div>
  );
}

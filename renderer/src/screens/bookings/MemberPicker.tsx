import { useCallback, useState } from 'react';
import { membersApi } from '../../api/members';
import { SelectField, TextField } from '../../components/Field';
import { useDebounced } from '../../components/useDebounced';
import { useRemote } from '../../components/useRemote';
import { isMessageKey, useT } from '../../i18n';
import { durationText } from './durations';

export interface PickedMember {
  id: string;
  name: string;
}

interface MemberPickerProps {
  id: string;
  value: PickedMember | null;
  onChange(member: PickedMember | null): void;
  error?: string;
}

/** Search a member by name or email, pick from the list; shows the member's remaining credits. */
export function MemberPicker({ id, value, onChange, error }: MemberPickerProps) {
  const t = useT();
  const [q, setQ] = useState('');
  const settled = useDebounced(q);
  const [found] = useRemote(useCallback(() => membersApi.list({ q: settled, status: 'active' }), [settled]));
  const members = found.state === 'loaded' ? found.value.members : [];
  // The list holds the first page of matches: say so when there are more, so a missing name is searched for.
  const more = found.state === 'loaded' && found.value.total > members.length;
  const options = [
    { value: '', label: t('bookings.member.choose') },
    ...(value && !members.some((m) => m.id === value.id) ? [{ value: value.id, label: value.name }] : []),
    ...members.map((m) => ({ value: m.id, label: m.email ? `${m.name} · ${m.email}` : m.name })),
  ];
  return (
    <div className="member-picker">
      <TextField
        id={`${id}-search`}
        type="search"
        label={t('bookings.member.search')}
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <SelectField
        id={id}
        label={t('bookings.member')}
        options={options}
        value={value?.id ?? ''}
        hint={
          more && found.state === 'loaded'
            ? t('picker.more', { shown: members.length, total: found.value.total })
            : undefined
        }
        error={error ?? (found.state === 'failed' ? t.error(found.code) : undefined)}
        onChange={(e) => {
          const picked = members.find((m) => m.id === e.target.value);
          onChange(
            picked ? { id: picked.id, name: picked.name } : e.target.value === value?.id ? value : null,
          );
        }}
      />
      {value && <MemberCredits memberId={value.id} />}
    </div>
  );
}

/** A balance list as "Salas de reuniones: 8 h · Puestos: 2 h". */
function balancesText(
  t: ReturnType<typeof useT>,
  balances: readonly { resourceType: string; minutes: number }[],
): string {
  const typeName = (type: string) => {
    const key = `resources.type.${type}`;
    return isMessageKey(key) ? t(key) : type;
  };
  return balances.map((b) => `${typeName(b.resourceType)}: ${durationText(b.minutes)}`).join(' · ');
}

/**
 * "Credits left: meeting rooms 8 h" for the picked member; for a person of a company member,
 * also the company's credits, which pay what their own do not cover.
 */
export function MemberCredits({ memberId }: { memberId: string }) {
  const t = useT();
  const [detail] = useRemote(useCallback(() => membersApi.get(memberId), [memberId]));
  if (detail.state !== 'loaded') return null;
  const balances = detail.value.balances;
  const company = detail.value.member.kind === 'person' ? detail.value.member.companyId : null;
  return (
    <>
      <p className="muted" data-testid="member-credits">
        {balances.length === 0
          ? t('bookings.member.noCredits')
          : t('bookings.member.credits', { credits: balancesText(t, balances) })}
      </p>
      {company && <CompanyCredits companyId={company} />}
    </>
  );
}

function CompanyCredits({ companyId }: { companyId: string }) {
  const t = useT();
  const [detail] = useRemote(useCallback(() => membersApi.get(companyId), [companyId]));
  if (detail.state !== 'loaded') return null;
  return (
    <p className="muted" data-testid="company-credits">
      {companyCreditsText(t, detail.value)}
    </p>
  );
}

/** "Créditos de Acme S.L. (su empresa), si no le bastan los suyos: Salas de reuniones: 2 h". */
export function companyCreditsText(
  t: ReturnType<typeof useT>,
  company: { member: { name: string }; balances: readonly { resourceType: string; minutes: number }[] },
): string {
  const left = company.balances.filter((b) => b.minutes > 0);
  return left.length === 0
    ? t('bookings.member.companyNoCredits', { name: company.member.name })
    : t('bookings.member.companyCredits', { name: company.member.name, credits: balancesText(t, left) });
}

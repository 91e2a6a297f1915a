import { useState } from 'react';
import { api, problemOf } from '../../api/client';
import { RowError, useRowAction } from '../../components/RowAction';
import { useConfirmAction } from '../../components/useConfirmAction';
import { canGrant, type MemberView, TENANT_ROLES, type TenantRole } from '../../contract';
import { useT } from '../../i18n';
import { canManageUsers } from '../../nav';
import type { TenantSession } from '../../stores/session';

interface MembersTableProps {
  members: MemberView[];
  session: TenantSession;
  /** After a change: a message for the status line; the screen reloads. */
  onDone(message: string): void;
}

export function MembersTable({ members, session, onDone }: MembersTableProps) {
  const t = useT();
  const confirm = useConfirmAction();
  const row = useRowAction();
  const manage = canManageUsers(session.role);

  const reactivate = (member: MemberView) =>
    row.run(member.userId, async () => {
      await api.reactivateMember(member.userId);
      onDone(t('users.reactivated', { name: member.name }));
    });

  const deactivate = (member: MemberView) =>
    confirm.ask({
      title: t('users.confirmDeactivate.title', { name: member.name }),
      body: t('users.confirmDeactivate.body'),
      confirmLabel: t('users.deactivate'),
      danger: true,
      onConfirm: async () => {
        await api.deactivateMember(member.userId);
        onDone(t('users.deactivated', { name: member.name }));
      },
    });

  const remove = (member: MemberView) =>
    confirm.ask({
      title: t('users.confirmRemove.title', { name: member.name }),
      body: t('users.confirmRemove.body'),
      confirmLabel: t('users.remove'),
      danger: true,
      onConfirm: async () => {
        await api.removeMember(member.userId);
        onDone(t('users.removed', { name: member.name }));
      },
    });

  return (
    <>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.pin')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              // Whoever is acting: an owner who entered her PIN at a staff member's counter is "you".
              const isMe = member.userId === (session.actingUser?.id ?? session.user.id);
              const editable = manage && !isMe && canGrant(session.role, member.role);
              return (
                <tr key={member.userId}>
                  <th scope="row">{isMe ? t('users.you', { name: member.name }) : member.name}</th>
                  <td>{member.email}</td>
                  <td>
                    {editable ? (
                      <RoleEditor member={member} session={session} onDone={onDone} />
                    ) : (
                      t(`role.${member.role}`)
                    )}
                  </td>
                  <td>{t(`users.status.${member.status}`)}</td>
                  <td>{member.hasPin ? t('common.yes') : t('common.no')}</td>
                  <td>
                    {editable && (
                      <div className="row-actions">
                        {member.status === 'active' ? (
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => deactivate(member)}
                          >
                            {t('users.deactivate')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => void reactivate(member)}
                          >
                            {t('users.reactivate')}
                          </button>
                        )}
                        <button type="button" className="button-danger" onClick={() => remove(member)}>
                          {t('users.remove')}
                        </button>
                      </div>
                    )}
                    <RowError code={row.errorOf(member.userId)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {members.length <= 1 && <p className="muted">{t('users.empty')}</p>}
      {confirm.dialog}
    </>
  );
}

/** Role select plus an explicit save, so arrowing through the options never changes a role by accident. */
function RoleEditor({
  member,
  session,
  onDone,
}: {
  member: MemberView;
  session: TenantSession;
  onDone(message: string): void;
}) {
  const t = useT();
  const [role, setRole] = useState<TenantRole>(member.role);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selectId = `role-${member.userId}`;
  const errorId = `${selectId}-error`;

  async function save() {
    if (busy || role === member.role) return;
    setBusy(true);
    setErrorCode(null);
    try {
      await api.changeRole(member.userId, { role });
      onDone(t('users.roleSaved', { name: member.name, role: t(`role.${role}`) }));
    } catch (error) {
      setErrorCode(problemOf(error).code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="role-editor">
      <label htmlFor={selectId} className="sr-only">
        {t('users.roleOf', { name: member.name })}
      </label>
      <select
        id={selectId}
        value={role}
        aria-invalid={errorCode ? true : undefined}
        aria-describedby={errorCode ? errorId : undefined}
        onChange={(e) => {
          const next = TENANT_ROLES.find((r) => r === e.target.value);
          if (next) setRole(next);
          setErrorCode(null);
        }}
      >
        {TENANT_ROLES.filter((r) => canGrant(session.role, r)).map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      {role !== member.role && (
        <button type="button" className="button-primary" aria-disabled={busy} onClick={() => void save()}>
          {t('users.saveRole')}
        </button>
      )}
      {errorCode && (
        <p id={errorId} className="field-error">
          {t.error(errorCode)}
        </p>
      )}
    </div>
  );
}

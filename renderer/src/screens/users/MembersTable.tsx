import { useState } from 'react';
import { api, problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
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

type Pending = { kind: 'deactivate' | 'remove'; member: MemberView } | null;

export function MembersTable({ members, session, onDone }: MembersTableProps) {
  const t = useT();
  const [pending, setPending] = useState<Pending>(null);
  const [rowError, setRowError] = useState<{ userId: string; code: string } | null>(null);
  const manage = canManageUsers(session.role);

  async function reactivate(member: MemberView) {
    setRowError(null);
    try {
      await api.reactivateMember(member.userId);
      onDone(t('users.reactivated', { name: member.name }));
    } catch (error) {
      setRowError({ userId: member.userId, code: problemOf(error).code });
    }
  }

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
              const isMe = member.userId === session.user.id;
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
                            onClick={() => setPending({ kind: 'deactivate', member })}
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
                        <button
                          type="button"
                          className="button-danger"
                          onClick={() => setPending({ kind: 'remove', member })}
                        >
                          {t('users.remove')}
                        </button>
                      </div>
                    )}
                    {rowError?.userId === member.userId && (
                      <p role="alert" className="field-error">
                        {t.error(rowError.code)}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {members.length <= 1 && <p className="muted">{t('users.empty')}</p>}
      {pending?.kind === 'deactivate' && (
        <ConfirmDialog
          title={t('users.confirmDeactivate.title', { name: pending.member.name })}
          body={<p>{t('users.confirmDeactivate.body')}</p>}
          confirmLabel={t('users.deactivate')}
          danger
          onConfirm={async () => {
            await api.deactivateMember(pending.member.userId);
            onDone(t('users.deactivated', { name: pending.member.name }));
          }}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'remove' && (
        <ConfirmDialog
          title={t('users.confirmRemove.title', { name: pending.member.name })}
          body={<p>{t('users.confirmRemove.body')}</p>}
          confirmLabel={t('users.remove')}
          danger
          onConfirm={async () => {
            await api.removeMember(pending.member.userId);
            onDone(t('users.removed', { name: pending.member.name }));
          }}
          onClose={() => setPending(null)}
        />
      )}
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

import { useState } from 'react';
import { api, problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { InvitationView } from '../../contract';
import { type FormatContext, formatDateTime } from '../../format';
import { useT } from '../../i18n';

interface InvitationsTableProps {
  invitations: InvitationView[];
  format: FormatContext;
  onDone(message: string): void;
}

export function InvitationsTable({ invitations, format, onDone }: InvitationsTableProps) {
  const t = useT();
  const [revoking, setRevoking] = useState<InvitationView | null>(null);
  const [rowError, setRowError] = useState<{ id: string; code: string } | null>(null);

  async function resend(invitation: InvitationView) {
    setRowError(null);
    try {
      const sent = await api.resendInvitation(invitation.id);
      onDone(t('users.resent', { email: sent.email }));
    } catch (error) {
      setRowError({ id: invitation.id, code: problemOf(error).code });
    }
  }

  return (
    <>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.expires')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => {
              const open = invitation.status === 'pending' || invitation.status === 'expired';
              return (
                <tr key={invitation.id}>
                  <th scope="row">{invitation.email}</th>
                  <td>{t(`role.${invitation.role}`)}</td>
                  <td>{t(`invitation.status.${invitation.status}`)}</td>
                  <td>
                    <time dateTime={invitation.expiresAt}>
                      {formatDateTime(invitation.expiresAt, format)}
                    </time>
                  </td>
                  <td>
                    {open && (
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => void resend(invitation)}
                        >
                          {t('users.resend')}
                        </button>
                        {invitation.status === 'pending' && (
                          <button
                            type="button"
                            className="button-danger"
                            onClick={() => setRevoking(invitation)}
                          >
                            {t('users.revoke')}
                          </button>
                        )}
                      </div>
                    )}
                    {rowError?.id === invitation.id && (
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
      {revoking && (
        <ConfirmDialog
          title={t('users.confirmRevoke.title', { email: revoking.email })}
          body={<p>{t('users.confirmRevoke.body')}</p>}
          confirmLabel={t('users.revoke')}
          danger
          onConfirm={async () => {
            await api.revokeInvitation(revoking.id);
            onDone(t('users.revoked', { email: revoking.email }));
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </>
  );
}

import { api } from '../../api/client';
import { RowError, useRowAction } from '../../components/RowAction';
import { useConfirmAction } from '../../components/useConfirmAction';
import type { InvitationView } from '../../contract';
import { type FormatContext, formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { invitationActions } from './invitation-actions';

interface InvitationsTableProps {
  invitations: InvitationView[];
  format: FormatContext;
  /** A console linked to a hub: no Resend (it would answer invite-on-hub). */
  linkedToHub: boolean;
  onDone(message: string): void;
}

export function InvitationsTable({ invitations, format, linkedToHub, onDone }: InvitationsTableProps) {
  const t = useT();
  const confirm = useConfirmAction();
  const row = useRowAction();

  const resend = (invitation: InvitationView) =>
    row.run(invitation.id, async () => {
      const sent = await api.resendInvitation(invitation.id);
      onDone(t('users.resent', { email: sent.email }));
    });

  const revoke = (invitation: InvitationView) =>
    confirm.ask({
      title: t('users.confirmRevoke.title', { email: invitation.email }),
      body: t('users.confirmRevoke.body'),
      confirmLabel: t('users.revoke'),
      danger: true,
      onConfirm: async () => {
        await api.revokeInvitation(invitation.id);
        onDone(t('users.revoked', { email: invitation.email }));
      },
    });

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
              const actions = invitationActions(invitation, linkedToHub);
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
                    {(actions.resend || actions.revoke) && (
                      <div className="row-actions">
                        {actions.resend && (
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => void resend(invitation)}
                          >
                            {t('users.resend')}
                          </button>
                        )}
                        {actions.revoke && (
                          <button type="button" className="button-danger" onClick={() => revoke(invitation)}>
                            {t('users.revoke')}
                          </button>
                        )}
                      </div>
                    )}
                    <RowError code={row.errorOf(invitation.id)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {confirm.dialog}
    </>
  );
}

import { useState } from 'react';
import { api } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { StatusLine } from '../../components/StatusLine';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { useT } from '../../i18n';
import { canManageUsers } from '../../nav';
import { useTenantSession } from '../../stores/session';
import { useSync } from '../../stores/sync';
import { InvitationsTable } from './InvitationsTable';
import { InviteForm } from './InviteForm';
import { linkedToHub } from './invitation-actions';
import { MembersTable } from './MembersTable';

const loadMembers = () => api.members().then((r) => r.members);
const loadInvitations = () => api.invitations().then((r) => r.invitations);

/** Members and invitations of the business: the owner's team management. */
export function UsersScreen() {
  const t = useT();
  const session = useTenantSession();
  const [members, reloadMembers] = useRemote(loadMembers);
  const [invitations, reloadInvitations] = useRemote(loadInvitations);
  const [notice, setNotice] = useState('');
  // A register linked to a hub takes nobody in (the backend answers invite-on-hub): people are
  // invited on the hub, whose accounts reach every register. No form, no Resend.
  const linked = useSync((s) => linkedToHub(s.status));
  useDocumentTitle(t('nav.users'));

  const reload = () => {
    reloadMembers();
    reloadInvitations();
  };

  const done = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <section>
      <PageHeading>{t('nav.users')}</PageHeading>
      <StatusLine>{notice}</StatusLine>
      <h2>{t('users.members')}</h2>
      {members.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {members.state === 'failed' && <FormAlert>{t.error(members.code)}</FormAlert>}
      {members.state === 'loaded' && <MembersTable members={members.value} session={session} onDone={done} />}
      {canManageUsers(session.role) && (
        <>
          <h2>{t('users.invite')}</h2>
          {linked ? (
            <p className="muted">{t('users.inviteOnHub')}</p>
          ) : (
            <InviteForm
              role={session.role}
              onInvited={(invitation) => done(t('users.invited', { email: invitation.email }))}
              onSavedWithoutMail={reload}
            />
          )}
        </>
      )}
      <h2>{t('users.invitations')}</h2>
      {invitations.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {invitations.state === 'failed' && <FormAlert>{t.error(invitations.code)}</FormAlert>}
      {invitations.state === 'loaded' && invitations.value.length === 0 && (
        <p className="muted">{t('users.invitationsEmpty')}</p>
      )}
      {invitations.state === 'loaded' && invitations.value.length > 0 && (
        <InvitationsTable
          invitations={invitations.value}
          format={session.tenant}
          linkedToHub={linked}
          onDone={done}
        />
      )}
    </section>
  );
}

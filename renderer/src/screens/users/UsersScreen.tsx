import { useCallback, useEffect, useState } from 'react';
import { api, problemOf } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { InvitationView, MemberView } from '../../contract';
import { useT } from '../../i18n';
import { canManageUsers } from '../../nav';
import { useTenantSession } from '../../stores/session';
import { InvitationsTable } from './InvitationsTable';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';

type Loaded<T> = { state: 'loading' } | { state: 'loaded'; items: T[] } | { state: 'failed'; code: string };

/** Members and invitations of the business: the owner's team management. */
export function UsersScreen() {
  const t = useT();
  const session = useTenantSession();
  const [members, setMembers] = useState<Loaded<MemberView>>({ state: 'loading' });
  const [invitations, setInvitations] = useState<Loaded<InvitationView>>({ state: 'loading' });
  const [notice, setNotice] = useState('');
  useDocumentTitle(t('nav.users'));

  const reload = useCallback(() => {
    api.members().then(
      (r) => setMembers({ state: 'loaded', items: r.members }),
      (e: unknown) => setMembers({ state: 'failed', code: problemOf(e).code }),
    );
    api.invitations().then(
      (r) => setInvitations({ state: 'loaded', items: r.invitations }),
      (e: unknown) => setInvitations({ state: 'failed', code: problemOf(e).code }),
    );
  }, []);

  useEffect(reload, [reload]);

  const done = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <section>
      <PageHeading>{t('nav.users')}</PageHeading>
      <p role="status" className="form-status">
        {notice}
      </p>
      <h2>{t('users.members')}</h2>
      {members.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {members.state === 'failed' && <FormAlert>{t.error(members.code)}</FormAlert>}
      {members.state === 'loaded' && <MembersTable members={members.items} session={session} onDone={done} />}
      {canManageUsers(session.role) && (
        <>
          <h2>{t('users.invite')}</h2>
          <InviteForm
            role={session.role}
            onInvited={(invitation) => done(t('users.invited', { email: invitation.email }))}
            onSavedWithoutMail={reload}
          />
        </>
      )}
      <h2>{t('users.invitations')}</h2>
      {invitations.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {invitations.state === 'failed' && <FormAlert>{t.error(invitations.code)}</FormAlert>}
      {invitations.state === 'loaded' && invitations.items.length === 0 && (
        <p className="muted">{t('users.invitationsEmpty')}</p>
      )}
      {invitations.state === 'loaded' && invitations.items.length > 0 && (
        <InvitationsTable invitations={invitations.items} format={session.tenant} onDone={done} />
      )}
    </section>
  );
}

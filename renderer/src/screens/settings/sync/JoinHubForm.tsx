import { useState } from 'react';
import { problemOf } from '../../../api/client';
import { syncApi } from '../../../api/sync';
import { FormAlert } from '../../../components/FormAlert';
import { PublicFrame } from '../../../components/PublicFrame';
import { StatusLine } from '../../../components/StatusLine';
import { useApiForm } from '../../../components/useApiForm';
import { useAutoFocus } from '../../../components/useAutoFocus';
import { useDocumentTitle } from '../../../components/useDocumentTitle';
import type { Problem } from '../../../contract';
import { useT } from '../../../i18n';
import { useSession } from '../../../stores/session';
import { useJoinNotice } from '../../../stores/sync';
import { EMPTY_HUB_VALUES, HubFields, type HubValues } from './HubFields';
import { syncProblemText } from './sync-view';

/**
 * First run, second path: this fresh console joins a business that is already on a hub. The
 * console receives the business's data; then the login screen asks for the hub account.
 */
export function JoinHubForm({ onCreate }: { onCreate(): void }) {
  const t = useT();
  const reloadSession = useSession((s) => s.load);
  const setJoined = useJoinNotice((s) => s.setJoined);
  const form = useApiForm<HubValues>({ initial: EMPTY_HUB_VALUES });
  const [problem, setProblem] = useState<Problem | null>(null);
  const firstRef = useAutoFocus<HTMLInputElement>();
  useDocumentTitle(t('setup.join.title'));

  const submit = form.submit(async (values) => {
    setProblem(null);
    let businessName = '';
    try {
      businessName = (await syncApi.setupJoin(values))?.businessName ?? '';
    } catch (error) {
      setProblem(problemOf(error));
      throw error;
    }
    setJoined(businessName);
    // The console now has a business: the session store finds no setup needed and shows the login screen.
    await reloadSession();
  });

  return (
    <PublicFrame>
      <h1 className="brand-title">{t('app.name')}</h1>
      <h2 className="subtitle">{t('setup.join.title')}</h2>
      <p className="intro">{t('setup.join.intro')}</p>
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy}>
        <HubFields
          values={form.values}
          onChange={(patch) => {
            form.change(patch);
            setProblem(null);
          }}
          errors={form.errors}
          idPrefix="setup-join"
          firstRef={firstRef}
        />
        <FormAlert>{form.formError && problem && <p>{syncProblemText(problem, t)}</p>}</FormAlert>
        <StatusLine>{form.busy ? t('setup.join.busy') : ''}</StatusLine>
        <button type="submit" className="button-primary" aria-disabled={form.busy}>
          {t('setup.join.submit')}
        </button>
      </form>
      <p className="after-form">
        <button type="button" className="button-secondary" onClick={onCreate}>
          {t('setup.join.create')}
        </button>
      </p>
    </PublicFrame>
  );
}

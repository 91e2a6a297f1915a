import { useCallback, useRef, useState } from 'react';
import { problemOf } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormAlert } from '../../../components/FormAlert';
import { PageHeading } from '../../../components/PageHeading';
import { StatusLine } from '../../../components/StatusLine';
import { useBusinessFormat } from '../../../components/useBusinessFormat';
import { useDocumentTitle } from '../../../components/useDocumentTitle';
import { useRemote } from '../../../components/useRemote';
import { can, type EnrollmentCodeView, type HubDeviceView } from '../../../contract';
import { useT } from '../../../i18n';
import { useTenantSession } from '../../../stores/session';
import { SettingsNav } from '../sync/SettingsNav';
import { relativeAge } from '../sync/sync-view';
import { hubApi } from './hub-api';
import { deviceState, deviceStateKey, pendingText, sortDevices } from './hub-view';

/**
 * Settings → Sync on the hub: the OWNER makes one-time enrollment codes for the business's
 * consoles, sees every device (last seen, version, pending changes) and revokes one.
 */
export function HubDevicesScreen() {
  const t = useT();
  const session = useTenantSession();
  useDocumentTitle(t('settings.sync'));
  const owner = can(session.role, 'business.manage') && !session.supportMode;

  return (
    <section>
      <PageHeading>{t('nav.settings')}</PageHeading>
      <SettingsNav />
      <h2>{t('hub.title')}</h2>
      <p className="muted">{t('hub.intro')}</p>
      {owner ? (
        <>
          <NewCodeSection />
          <DevicesSection />
        </>
      ) : (
        <p className="muted">{t('hub.ownerOnly')}</p>
      )}
    </section>
  );
}

/** Creates a code and shows it once, big and copyable, with its expiry. */
function NewCodeSection() {
  const t = useT();
  const format = useBusinessFormat();
  const [code, setCode] = useState<EnrollmentCodeView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const codeRef = useRef<HTMLElement>(null);

  async function create() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const created = await hubApi.createCode();
      setCode(created);
      setNotice(t('hub.code.created'));
      // Focus the code so a screen reader reads it and Ctrl+C after selecting works at once.
      requestAnimationFrame(() => codeRef.current?.focus());
    } catch (err) {
      setError(problemOf(err).code);
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code.code);
      setNotice(t('hub.code.copied'));
    } catch {
      setNotice(t('hub.code.copyFailed'));
    }
  }

  return (
    <section aria-labelledby="hub-code-title">
      <h3 id="hub-code-title">{t('hub.code.title')}</h3>
      <p className="muted">{t('hub.code.intro')}</p>
      <div className="toolbar">
        <button type="button" className="button-primary" aria-disabled={busy} onClick={() => void create()}>
          {busy ? t('hub.code.creating') : t('hub.code.create')}
        </button>
      </div>
      <StatusLine>{notice}</StatusLine>
      <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
      {code && (
        <div className="hub-code" data-testid="enrollment-code">
          <dl className="summary">
            <dt>{t('hub.code.label')}</dt>
            <dd>
              <code
                ref={codeRef}
                tabIndex={-1}
                style={{ fontSize: '2rem', letterSpacing: '0.15em', userSelect: 'all' }}
              >
                {code.code}
              </code>
            </dd>
          </dl>
          <p>
            <strong>{t('hub.code.once')}</strong>{' '}
            {t('hub.code.expires', { when: format.dateTime(code.expiresAt) })}
          </p>
          <button type="button" className="button-secondary" onClick={() => void copy()}>
            {t('hub.code.copy')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The business's devices with their state, and Revoke (asks first). */
function DevicesSection() {
  const t = useT();
  const format = useBusinessFormat();
  const load = useCallback(() => hubApi.devices(), []);
  const [devices, reload] = useRemote(load);
  const [revoking, setRevoking] = useState<HubDeviceView | null>(null);
  const [notice, setNotice] = useState('');
  const now = Date.now();

  return (
    <section aria-labelledby="hub-devices-title">
      <h3 id="hub-devices-title">{t('hub.devices.title')}</h3>
      <StatusLine>{notice}</StatusLine>
      {devices.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {devices.state === 'failed' && (
        <FormAlert>
          <p>{t.error(devices.code)}</p>
        </FormAlert>
      )}
      {devices.state === 'loaded' && devices.value.length === 0 && (
        <p className="muted">{t('hub.devices.empty')}</p>
      )}
      {devices.state === 'loaded' && devices.value.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="hub-devices-title">
            <thead>
              <tr>
                <th scope="col">{t('hub.devices.name')}</th>
                <th scope="col">{t('hub.devices.version')}</th>
                <th scope="col">{t('hub.devices.enrolled')}</th>
                <th scope="col">{t('hub.devices.lastSeen')}</th>
                <th scope="col">{t('hub.devices.pending')}</th>
                <th scope="col">{t('hub.devices.state')}</th>
                <th scope="col">{t('hub.devices.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sortDevices(devices.value).map((device) => {
                const state = deviceState(device);
                return (
                  <tr key={device.id} data-device-state={state}>
                    <th scope="row">{device.name}</th>
                    <td>{device.appVersion}</td>
                    <td>{format.dateTime(device.enrolledAt)}</td>
                    <td title={format.dateTime(device.lastSeenAt)}>
                      {relativeAge(device.lastSeenAt, now, format.locale)}
                    </td>
                    <td>{pendingText(device, now, format.locale, t)}</td>
                    <td>{t(deviceStateKey(state))}</td>
                    <td>
                      {state === 'active' && (
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => setRevoking(device)}
                        >
                          {t('hub.devices.revoke')}
                          <span className="sr-only"> {device.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          title={t('hub.devices.revokeTitle', { name: revoking.name })}
          body={<p>{t('hub.devices.revokeBody')}</p>}
          confirmLabel={t('hub.devices.revokeConfirm')}
          danger
          onConfirm={async () => {
            await hubApi.revoke(revoking.id);
            setNotice(t('hub.devices.revoked', { name: revoking.name }));
            reload();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}

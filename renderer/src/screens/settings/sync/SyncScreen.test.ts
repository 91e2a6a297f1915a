import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus, UiLanguage } from '../../../contract';
import { SyncScreen } from './SyncScreen';

// Settings → Sync on a console (not a hub), seen by a STAFF member of a Spanish shop, with
// whichever status and UI language a test puts in the stores.
const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
const polled = vi.hoisted(() => ({ status: null as SyncStatus | null, failed: false }));
vi.mock('../../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../../stores/sync', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../stores/sync')>()),
  useSync: <T>(select: (s: typeof polled & { refresh(): Promise<void> }) => T) =>
    select({ ...polled, refresh: async () => undefined }),
}));
vi.mock('../hub/useServerMode', () => ({ useServerMode: () => 'local' }));
vi.mock('../../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../stores/session')>()),
  useTenantSession: () => ({
    role: 'STAFF',
    supportMode: false,
    tenant: { name: 'Tienda Ana', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

/** The status as the console reports a change the hub set aside, after rounds that did not retry it. */
const stuckOnly: SyncStatus = {
  state: 'error',
  pendingOps: 0,
  oldestPendingAt: null,
  hubUrl: 'https://hub.example.com',
  deviceName: 'Caja 1',
  lastPushAt: '2026-12-07T10:00:00.000Z',
  lastPullAt: '2026-12-07T10:00:00.000Z',
  lastError: null,
  deadLetters: 1,
  conflicts: 0,
};

/** The panel's explanation of the state, as text. */
function explanation(status: SyncStatus, lang: UiLanguage): string {
  ui.lang = lang;
  polled.status = status;
  const html = renderToStaticMarkup(createElement(MemoryRouter, null, createElement(SyncScreen)));
  const match = /<p [^>]*data-sync-state="[^"]*"[^>]*>([^<]*)<\/p>/.exec(html);
  if (!match) throw new Error(`no explanation in ${html}`);
  return (match[1] ?? '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
}

describe('Settings → Sync explains changes waiting for someone', () => {
  beforeEach(() => {
    ui.lang = 'es';
    polled.status = null;
  });

  it('does not promise an automatic retry for a change set aside or dead, and says to press Retry', () => {
    const es = explanation(stuckOnly, 'es');
    expect(es).not.toContain('automáticamente');
    expect(es).not.toContain('El hub ha respondido con un error');
    expect(es).toContain('Hay 1 cambio que no se ha podido enviar');
    expect(es).toContain('no se reintentará solo');
    expect(es).toContain('pulsa Reintentar');
    const en = explanation(stuckOnly, 'en');
    expect(en).not.toContain('automatically');
    expect(en).toContain('1 change could not be sent');
    expect(en).toContain('presses Retry');
  });

  it('counts several stuck changes in the plural', () => {
    expect(explanation({ ...stuckOnly, deadLetters: 3 }, 'es')).toContain(
      'Hay 3 cambios que no se han podido enviar',
    );
    expect(explanation({ ...stuckOnly, deadLetters: 3 }, 'en')).toContain('3 changes could not be sent');
  });

  it('keeps the automatic retry for a failed round, and says the stuck changes wait apart', () => {
    const failedRound: SyncStatus = {
      ...stuckOnly,
      pendingOps: 2,
      lastError: {
        code: 'server-error',
        message: 'The hub failed to answer (HTTP 502)',
        at: '2026-12-07T10:05:00.000Z',
      },
    };
    const es = explanation(failedRound, 'es');
    expect(es).toContain('se reintentará automáticamente');
    expect(es).toContain('no se reintentará solo');
    expect(explanation({ ...failedRound, deadLetters: 0 }, 'es')).not.toContain('Reintentar');
  });

  it('does not say every change is on the hub while a refused one waits for review', () => {
    const synced: SyncStatus = { ...stuckOnly, state: 'synced', deadLetters: 0 };
    expect(explanation(synced, 'es')).toBe('Todos los cambios de esta consola están en el hub.');
    const refused = explanation({ ...synced, conflicts: 2 }, 'es');
    expect(refused).not.toContain('Todos los cambios');
    expect(refused).toContain('Hay 2 conflictos por revisar');
    expect(explanation({ ...synced, conflicts: 1 }, 'en')).toContain('1 conflict to review');
  });
});

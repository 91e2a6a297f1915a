import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../contract';
import { createTranslator } from '../i18n';
import { syncBadgeText } from './SyncBadge';

const STATES: SyncStatus['state'][] = [
  'local-only',
  'synced',
  'syncing',
  'pending',
  'offline',
  'error',
  'revoked',
  'too-old',
];

function status(state: SyncStatus['state'], pendingOps: number): SyncStatus {
  const enrolled = state !== 'local-only';
  return {
    state,
    pendingOps,
    oldestPendingAt: pendingOps > 0 ? '2026-11-25T10:00:00.000Z' : null,
    hubUrl: enrolled ? 'https://hub.example.com' : null,
    deviceName: enrolled ? 'Caja 1' : null,
    lastPushAt: null,
    lastPullAt: null,
    lastError: null,
    deadLetters: 0,
    conflicts: 0,
  };
}

const es = createTranslator('es');
const en = createTranslator('en');

describe('syncBadgeText', () => {
  it.each([
    ['local-only', 0, 'Solo local', 'Local only'],
    ['local-only', 2, 'Solo local', 'Local only'],
    ['synced', 0, 'Sincronizado', 'Synced'],
    ['synced', 1, '1 cambio pendiente', '1 pending change'],
    ['syncing', 0, 'Sincronizando…', 'Syncing…'],
    ['syncing', 3, 'Sincronizando… · 3 cambios pendientes', 'Syncing… · 3 pending changes'],
    ['pending', 0, 'Por sincronizar', 'Waiting to sync'],
    ['pending', 3, '3 cambios pendientes', '3 pending changes'],
    ['offline', 0, 'Sin conexión · 0 cambios pendientes', 'Offline · 0 pending changes'],
    ['offline', 1, 'Sin conexión · 1 cambio pendiente', 'Offline · 1 pending change'],
    ['error', 4, 'Error de sincronización · 4 cambios pendientes', 'Sync error · 4 pending changes'],
    ['revoked', 0, 'Dispositivo revocado', 'Device revoked'],
    ['revoked', 2, 'Dispositivo revocado · 2 cambios pendientes', 'Device revoked · 2 pending changes'],
    ['too-old', 0, 'Hay que actualizar la consola', 'Console needs an update'],
    [
      'too-old',
      5,
      'Hay que actualizar la consola · 5 cambios pendientes',
      'Console needs an update · 5 pending changes',
    ],
  ] as const)('%s with %i pending reads "%s"', (state, pending, spanish, english) => {
    expect(syncBadgeText(status(state, pending), false, es)).toBe(spanish);
    expect(syncBadgeText(status(state, pending), false, en)).toBe(english);
  });

  it('never says synced while anything is pending or in flight, in either language', () => {
    for (const t of [es, en]) {
      const synced = t('sync.synced');
      for (const state of STATES) {
        for (const pending of [0, 1, 2, 1000]) {
          const text = syncBadgeText(status(state, pending), false, t);
          const honest = pending === 0 && state === 'synced';
          if (!honest) expect(text, `${state} with ${pending} pending`).not.toContain(synced);
          if (honest) expect(text).toBe(synced);
        }
      }
    }
  });

  it('shows the pending count whenever the hub cannot be reached or answered with an error', () => {
    for (const state of ['offline', 'error'] as const) {
      for (const pending of [0, 7]) {
        expect(syncBadgeText(status(state, pending), false, es)).toContain(
          es.plural('sync.pending', pending),
        );
      }
    }
  });

  it('says the state is unknown when the last check failed, not the old reassuring state', () => {
    expect(syncBadgeText(status('synced', 0), true, es)).toBe('Estado desconocido');
    expect(syncBadgeText(null, false, en)).toBe('Status unknown');
  });
});

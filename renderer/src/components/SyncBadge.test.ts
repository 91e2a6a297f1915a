import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../contract';
import { createTranslator } from '../i18n';
import { SyncBadge, syncBadgeText } from './SyncBadge';

// The badge reads the last status from the sync store; here it is whatever a test puts there.
const polled = vi.hoisted(() => ({ status: null as SyncStatus | null, failed: false }));
vi.mock('../stores/sync', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../stores/sync')>()),
  useSync: <T>(select: (s: typeof polled) => T) => select(polled),
}));

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

describe('syncBadgeText with changes stuck or conflicts to review', () => {
  const withProblems = (
    state: SyncStatus['state'],
    pendingOps: number,
    deadLetters: number,
    conflicts: number,
  ) => ({
    ...status(state, pendingOps),
    deadLetters,
    conflicts,
  });

  it.each([
    ['synced', 0, 0, 1, '1 conflicto por revisar', '1 conflict to review'],
    ['synced', 0, 0, 2, '2 conflictos por revisar', '2 conflicts to review'],
    [
      'synced',
      1,
      0,
      2,
      '1 cambio pendiente · 2 conflictos por revisar',
      '1 pending change · 2 conflicts to review',
    ],
    [
      'pending',
      0,
      0,
      1,
      'Por sincronizar · 1 conflicto por revisar',
      'Waiting to sync · 1 conflict to review',
    ],
    ['error', 0, 1, 0, 'Error de sincronización · 1 cambio atascado', 'Sync error · 1 stuck change'],
    ['error', 0, 3, 0, 'Error de sincronización · 3 cambios atascados', 'Sync error · 3 stuck changes'],
    [
      'error',
      2,
      1,
      1,
      'Error de sincronización · 2 cambios pendientes · 1 cambio atascado · 1 conflicto por revisar',
      'Sync error · 2 pending changes · 1 stuck change · 1 conflict to review',
    ],
    ['offline', 0, 2, 0, 'Sin conexión · 2 cambios atascados', 'Offline · 2 stuck changes'],
    ['syncing', 0, 1, 0, 'Sincronizando… · 1 cambio atascado', 'Syncing… · 1 stuck change'],
    [
      'revoked',
      0,
      0,
      4,
      'Dispositivo revocado · 4 conflictos por revisar',
      'Device revoked · 4 conflicts to review',
    ],
  ] as const)(
    '%s with %i pending, %i stuck and %i to review reads "%s"',
    (state, pending, stuck, review, spanish, english) => {
      expect(syncBadgeText(withProblems(state, pending, stuck, review), false, es)).toBe(spanish);
      expect(syncBadgeText(withProblems(state, pending, stuck, review), false, en)).toBe(english);
    },
  );

  it('never says synced while a change is stuck or a conflict waits, in either language', () => {
    for (const t of [es, en]) {
      for (const state of STATES) {
        for (const [stuck, review] of [
          [1, 0],
          [0, 1],
          [2, 3],
        ] as const) {
          const text = syncBadgeText(withProblems(state, 0, stuck, review), false, t);
          expect(text, `${state}, ${stuck} stuck, ${review} to review`).not.toContain(t('sync.synced'));
        }
      }
    }
  });

  it('never reads "0 pending changes" as the whole story while a change is stuck', () => {
    for (const state of ['offline', 'error'] as const) {
      expect(syncBadgeText(withProblems(state, 0, 1, 0), false, es)).not.toContain('0 cambios pendientes');
      expect(syncBadgeText(withProblems(state, 0, 1, 0), false, en)).not.toContain('0 pending changes');
    }
  });

  it("gives the badge's link (its accessible name) the same words", () => {
    polled.status = withProblems('error', 0, 1, 2);
    const html = renderToStaticMarkup(createElement(MemoryRouter, null, createElement(SyncBadge)));
    const link = /<a [^>]*>([^<]*)<\/a>/.exec(html)?.[1];
    expect(link).toBe('Error de sincronización · 1 cambio atascado · 2 conflictos por revisar');
    expect(html).toContain('data-state="error"');
  });
});

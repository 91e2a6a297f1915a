import { describe, expect, it } from 'vitest';
import { listOf } from '../../../api/sync';
import type { Problem, SyncConflictView, SyncErrorCode, SyncStatus } from '../../../contract';
import { createTranslator } from '../../../i18n';
import { isInternalLink } from './ConflictsSection';
import {
  commandLabel,
  conflictText,
  documentsText,
  enrollFieldError,
  explainKey,
  lastErrorText,
  reasonText,
  relativeAge,
  slotText,
  sortedSlots,
  stateKey,
  syncNowOutcome,
  syncPermissions,
  syncProblemText,
} from './sync-view';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const problem = (code: string, detail?: string): Problem => ({
  type: 'about:blank',
  title: 'Bad Request',
  status: 400,
  code,
  detail,
});

describe('relativeAge', () => {
  it('says how long ago in the business locale', () => {
    expect(relativeAge(ago(3 * 60_000), NOW, 'es-ES')).toBe('hace 3 min');
    expect(relativeAge(ago(3 * 60_000 + 59_000), NOW, 'es-ES')).toBe('hace 3 min');
    expect(relativeAge(ago(2 * 3_600_000), NOW, 'es-ES')).toBe('hace 2 h');
    expect(relativeAge(ago(45_000), NOW, 'es-MX')).toBe('hace 45 s');
    expect(relativeAge(ago(3 * 60_000), NOW, 'en-US')).toBe('3 min. ago');
    expect(relativeAge(ago(24 * 3_600_000), NOW, 'en-US')).toBe('yesterday');
  });

  it('reads "now" for a few seconds and for clocks slightly ahead', () => {
    expect(relativeAge(ago(4000), NOW, 'es-ES')).toBe('ahora');
    expect(relativeAge(ago(-5000), NOW, 'en-US')).toBe('now');
  });
});

describe('syncProblemText', () => {
  const es = createTranslator('es');
  it('puts every enrollment refusal in plain words', () => {
    expect(syncProblemText(problem('hub-unreachable'), es)).toMatch(/No se puede conectar con el hub/);
    expect(syncProblemText(problem('code-expired'), es)).toBe(
      'Ese código ha caducado. Pide uno nuevo en el hub.',
    );
    expect(syncProblemText(problem('enrollment-code-used'), es)).toBe(
      'Ese código ya se ha usado. Pide uno nuevo en el hub.',
    );
    expect(syncProblemText(problem('forbidden'), es)).toBe('Tu rol no permite esta acción.');
    expect(syncProblemText(problem('leave-behind-unconfirmed'), es)).toMatch(/se quedan aquí/);
  });

  it("falls back to the server's message, then to the code", () => {
    expect(syncProblemText(problem('hub-on-fire', 'The hub is on fire'), es)).toBe('The hub is on fire');
    expect(syncProblemText(problem('hub-on-fire'), es)).toBe('Algo ha fallado (código: hub-on-fire).');
  });
});

describe('enrollFieldError', () => {
  it('gives the hub URL an example of a full address', () => {
    const en = createTranslator('en');
    expect(enrollFieldError('hubUrl', 'invalid-format', en)).toBe(
      'Enter the full address, for example https://hub.example.com.',
    );
    expect(enrollFieldError('code', 'too-small', en)).toBe(en.error('too-small'));
  });
});

describe('state texts', () => {
  it('explain every state, revoked and too-old in the words staff need', () => {
    const es = createTranslator('es');
    const states: SyncStatus['state'][] = [
      'local-only',
      'synced',
      'syncing',
      'pending',
      'offline',
      'error',
      'revoked',
      'too-old',
    ];
    for (const state of states) {
      expect(explainKey(state)).toBe(`sync.explain.${state}`);
      expect(stateKey(state)).toBe(`sync.state.${state}`);
    }
    expect(es(explainKey('revoked'))).toMatch(/^Este dispositivo fue revocado/);
    expect(es(explainKey('too-old'))).toBe(
      'La consola necesita actualizarse para sincronizar; puedes seguir trabajando en local.',
    );
  });
});

describe('lists and links', () => {
  it('reads a list bare or wrapped', () => {
    expect(listOf([1, 2], 'deadLetters')).toEqual([1, 2]);
    expect(listOf({ deadLetters: [3] }, 'deadLetters')).toEqual([3]);
    expect(listOf({ other: [3] }, 'deadLetters')).toEqual([]);
  });

  it('follows only links inside the console', () => {
    expect(isInternalLink('/stock/oversells')).toBe(true);
    expect(isInternalLink('//evil.example.com')).toBe(false);
    expect(isInternalLink('https://evil.example.com')).toBe(false);
    expect(isInternalLink(null)).toBe(false);
  });
});

describe('syncPermissions', () => {
  it('lets the OWNER enroll, OWNER and ADMIN manage, and STAFF only see the status', () => {
    const of = (role: 'OWNER' | 'ADMIN' | 'STAFF', supportMode = false) =>
      syncPermissions({ role, supportMode });
    expect(of('OWNER')).toEqual({ enroll: true, syncNow: true, lists: true, retry: true });
    expect(of('ADMIN')).toEqual({ enroll: false, syncNow: true, lists: true, retry: true });
    expect(of('STAFF')).toEqual({ enroll: false, syncNow: false, lists: false, retry: false });
    expect(of('OWNER', true)).toEqual({ enroll: false, syncNow: false, lists: true, retry: false });
  });
});

describe('suggested slots', () => {
  const madrid = { locale: 'es-ES', timeZone: 'Europe/Madrid' };
  const slot = (startsAt: string, endsAt: string) => ({ resourceId: 'r1', startsAt, endsAt });

  it("reads in the business's zone, the date once when the slot stays within a day", () => {
    expect(slotText(slot('2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z'), madrid)).toBe(
      '27 nov 2026, 11:00 – 12:00',
    );
    expect(slotText(slot('2026-11-27T22:30:00.000Z', '2026-11-28T00:30:00.000Z'), madrid)).toBe(
      '27 nov 2026, 23:30 – 28 nov 2026, 1:30',
    );
  });

  it('lists the earliest first', () => {
    const later = slot('2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z');
    const earlier = slot('2026-11-26T18:00:00.000Z', '2026-11-26T19:00:00.000Z');
    expect(sortedSlots([later, earlier])).toEqual([earlier, later]);
    expect(sortedSlots(undefined)).toEqual([]);
  });
});

describe('syncNowOutcome', () => {
  const es = createTranslator('es');
  const statusAfter = (
    state: SyncStatus['state'],
    pendingOps = 0,
    lastError: SyncStatus['lastError'] = null,
  ) => ({ state, pendingOps, lastError }) as SyncStatus;

  it('says done only when the round left nothing failing', () => {
    expect(syncNowOutcome(statusAfter('synced'), es)).toEqual({
      ok: true,
      text: 'Sincronización terminada.',
    });
    expect(syncNowOutcome(statusAfter('pending', 2), es)).toEqual({
      ok: true,
      text: 'Sincronización terminada; quedan 2 cambios por enviar.',
    });
  });

  it('turns an unreachable or failing hub into an alert in plain words', () => {
    expect(syncNowOutcome(statusAfter('offline', 1), es)).toEqual({
      ok: false,
      text: 'No se puede llegar al hub. Los cambios siguen guardados aquí y se enviarán al volver la conexión.',
    });
    expect(
      syncNowOutcome(
        statusAfter('error', 1, {
          code: 'server-error',
          message: 'The hub failed to answer (HTTP 502)',
          at: '2026-11-25T10:00:00.000Z',
        }),
        es,
      ),
    ).toEqual({ ok: false, text: 'El hub ha fallado al responder.' });
    // No failed round, a change stuck here: nothing retries it by itself.
    const stuck = { ...statusAfter('error'), deadLetters: 1 };
    expect(syncNowOutcome(stuck, es).ok).toBe(false);
    expect(syncNowOutcome(stuck, es).text).not.toContain('automáticamente');
    expect(syncNowOutcome(stuck, es).text).toContain('pulsa Reintentar');
    expect(syncNowOutcome(statusAfter('too-old'), es).text).toBe(
      'La consola necesita actualizarse para sincronizar; puedes seguir trabajando en local.',
    );
  });
});

describe("refused changes and errors in the viewer's language", () => {
  const es = createTranslator('es');
  const en = createTranslator('en');
  const refused: SyncConflictView = {
    id: 'op-1',
    kind: 'op-rejected',
    createdAt: '2026-11-25T10:00:00.000Z',
    summary: 'catalog.product.create refused by the hub: SKU DUP-1 is already used by another product',
    link: null,
    command: 'catalog.product.create',
    actorName: 'Ana Pérez',
    reason: { code: 'sku-taken', message: 'SKU DUP-1 is already used by another product' },
    localCopy: 'gone',
    reviewable: true,
  };

  it('names operations for people, and shows the code of one it has no name for', () => {
    expect(commandLabel('catalog.product.create', es)).toBe('Alta de producto');
    expect(commandLabel('pos.refund.record', en)).toBe('Refund');
    expect(commandLabel('garden.gnome.paint', es)).toBe('garden.gnome.paint');
  });

  it("says why the hub refused in Spanish: its sync codes, the domain's codes, none for a new code", () => {
    expect(reasonText('schema-too-new', es)).toContain('versión de Mostrador más nueva');
    expect(reasonText('sku-taken', es)).toBe('Ya hay un producto con este SKU.');
    expect(reasonText('brand-new-refusal', es)).toBeNull();
  });

  it("reads a refused product as what it was and why; a new code falls back to the hub's words", () => {
    expect(conflictText(refused, es, String)).toBe('Alta de producto: Ya hay un producto con este SKU.');
    expect(
      conflictText({ ...refused, reason: { code: 'brand-new-refusal', message: 'Nope' } }, es, String),
    ).toBe('Alta de producto: Nope');
    const oversell: SyncConflictView = {
      id: 'x',
      kind: 'oversell',
      createdAt: refused.createdAt,
      summary: 'Café: sold below zero stock (-2 on hand)',
      link: '/stock/oversells',
      oversell: { productName: 'Café', onHand: -2 },
      reviewable: false,
    };
    expect(conflictText(oversell, es, String)).toBe('Café: vendido sin existencias (quedan -2)');
  });

  it('names the numbers a refused refund printed, so the paper copy can be found and voided', () => {
    const refund: SyncConflictView = {
      ...refused,
      command: 'pos.refund.record',
      documents: ['R-94E2-000001'],
    };
    expect(documentsText(refund, es)).toBe(
      'Número impreso en esta consola: R-94E2-000001. El hub no tiene ningún documento con ese número y no lo volverá a usar: anula la copia en papel.',
    );
    expect(documentsText({ ...refund, documents: ['F-94E2-000003', 'R-94E2-000002'] }, en)).toBe(
      'Numbers printed on this console: F-94E2-000003, R-94E2-000002. The hub holds no document under them and will not use them again: void the paper copies.',
    );
    expect(documentsText(refused, es)).toBeNull();
    expect(documentsText({ ...refund, documents: [] }, es)).toBeNull();
  });

  it('has words for every last-error code in both languages', () => {
    const codes: SyncErrorCode[] = [
      'hub-unreachable',
      'hub-timeout',
      'device-revoked',
      'console-too-old',
      'server-error',
      'hub-refused',
      'seq-gap',
      'op-blocked',
      'pull-failed',
      'snapshot-interrupted',
      'no-device-token',
      'console-failure',
    ];
    for (const code of codes) {
      const message = 'raw English words';
      expect(lastErrorText({ code, message }, es)).not.toBe(message);
      expect(lastErrorText({ code, message }, en)).not.toBe(message);
    }
    expect(lastErrorText({ code: 'hub-unreachable', message: 'Cannot reach the hub' }, es)).toBe(
      'No se puede llegar al hub.',
    );
  });
});

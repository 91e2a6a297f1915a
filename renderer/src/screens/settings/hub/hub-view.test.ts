import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../i18n';
import { deviceState, deviceStateKey, isHubMode, pendingText, sortDevices } from './hub-view';

const now = Date.parse('2026-11-25T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('device states', () => {
  it('is active until revoked, in words in both languages', () => {
    const es = createTranslator('es');
    const en = createTranslator('en');
    expect(deviceState({ revokedAt: null })).toBe('active');
    expect(deviceState({ revokedAt: ago(1000) })).toBe('revoked');
    expect(es(deviceStateKey('active'))).toBe('Activo');
    expect(es(deviceStateKey('revoked'))).toBe('Revocado');
    expect(en(deviceStateKey('revoked'))).toBe('Revoked');
  });

  it('lists active devices first, newest enrollment first', () => {
    const devices = [
      { name: 'old', enrolledAt: ago(3_600_000), revokedAt: null },
      { name: 'gone', enrolledAt: ago(60_000), revokedAt: ago(1000) },
      { name: 'new', enrolledAt: ago(60_000), revokedAt: null },
    ];
    expect(sortDevices(devices).map((d) => d.name)).toEqual(['new', 'old', 'gone']);
  });
});

describe('pending changes', () => {
  it('says "not reported" for a device that never reported, never a reassuring 0', () => {
    expect(
      pendingText({ pendingOps: 0, pendingReportedAt: null }, now, 'es-ES', createTranslator('es')),
    ).toBe('Sin informar');
    expect(
      pendingText({ pendingOps: 0, pendingReportedAt: null }, now, 'en-US', createTranslator('en')),
    ).toBe('Not reported');
  });

  it('gives the count with its plural and how long ago it was reported', () => {
    const es = createTranslator('es');
    const en = createTranslator('en');
    expect(pendingText({ pendingOps: 1, pendingReportedAt: ago(3 * 60_000) }, now, 'es-ES', es)).toBe(
      '1 cambio · informado hace 3 min',
    );
    expect(pendingText({ pendingOps: 12, pendingReportedAt: ago(2 * 3_600_000) }, now, 'en-US', en)).toBe(
      '12 changes · reported 2 hr. ago',
    );
    expect(pendingText({ pendingOps: 0, pendingReportedAt: ago(2000) }, now, 'es-ES', es)).toBe(
      '0 cambios · informado ahora',
    );
  });
});

describe('hub mode', () => {
  it('only a health answer that says hub counts', () => {
    expect(isHubMode({ mode: 'hub' })).toBe(true);
    expect(isHubMode({ mode: 'local' })).toBe(false);
    expect(isHubMode(null)).toBe(false);
    expect(isHubMode(undefined)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { createTranslator, interpolate } from './index';

describe('catalogs', () => {
  it('have the same keys and no empty messages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    for (const text of [...Object.values(es), ...Object.values(en)]) expect(text.trim()).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(es) as (keyof typeof es)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(es[key]));
    }
  });
});

describe('translator', () => {
  it('interpolates named parameters and leaves unknown ones visible', () => {
    expect(interpolate('Hola {name}, {missing}', { name: 'Ana' })).toBe('Hola Ana, {missing}');
  });

  it('picks plural forms per language', () => {
    const t = createTranslator('es');
    expect(t.plural('audit.intact', 1)).toBe('Íntegra: 1 entrada');
    expect(t.plural('audit.intact', 3)).toBe('Íntegra: 3 entradas');
    expect(createTranslator('en').plural('sync.pending', 0)).toBe('0 pending changes');
  });

  it('translates problem codes and falls back to a message that shows the code', () => {
    const t = createTranslator('en');
    expect(t.error('invalid-credentials')).toBe('The email or password is not correct.');
    expect(t.error('room-on-fire')).toBe('Something went wrong (code: room-on-fire).');
    expect(createTranslator('es').error('room-on-fire')).toBe('Algo ha fallado (código: room-on-fire).');
  });

  it('gives email fields an example of a valid address', () => {
    const t = createTranslator('es');
    expect(t.emailError('invalid-format')).toBe('Escribe un correo válido, por ejemplo nombre@ejemplo.com.');
    expect(t.emailError('too-big')).toBe(t.error('too-big'));
  });
});

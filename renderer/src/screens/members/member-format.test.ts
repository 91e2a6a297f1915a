import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { hoursText, resourceTypeText } from './member-format';

describe('credit formatting', () => {
  it('shows minutes as hours in the business locale', () => {
    const es = createTranslator('es');
    expect(hoursText(es, 600, 'es-ES')).toBe('10 h');
    expect(hoursText(es, 510, 'es-ES')).toBe('8,5 h');
    expect(hoursText(es, -15, 'es-ES')).toBe('-0,25 h');
    expect(hoursText(createTranslator('en'), 90, 'en-US')).toBe('1.5 h');
  });

  it('names resource types, and shows an unknown one as it came', () => {
    expect(resourceTypeText(createTranslator('es'), 'meeting_room')).toBe('Sala de reuniones');
    expect(resourceTypeText(createTranslator('en'), 'phone_booth')).toBe('Phone booth');
    expect(resourceTypeText(createTranslator('en'), 'rooftop')).toBe('rooftop');
  });
});

import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { kioskWelcome } from './KioskCheckInScreen';

const booking = {
  memberName: null as string | null,
  customerName: null as string | null,
  title: '',
  resourceName: 'Sala Norte',
};

describe('the kiosk greeting after a check-in', () => {
  it('greets by the member, the customer or the title, in Spanish and English', () => {
    const es = createTranslator('es');
    expect(kioskWelcome(es, { ...booking, memberName: 'Diego Sanz' }, '10:00–11:00')).toBe(
      'Bienvenido/a Diego Sanz: Sala Norte, 10:00–11:00. Check-in hecho.',
    );
    expect(kioskWelcome(createTranslator('en'), { ...booking, customerName: 'Marta' }, '10:00–11:00')).toBe(
      'Welcome Marta: Sala Norte, 10:00–11:00. You are checked in.',
    );
  });

  it('a walk-in booking with no name, or an empty title, is greeted without a dangling name', () => {
    for (const title of ['', '  ']) {
      expect(kioskWelcome(createTranslator('es'), { ...booking, title }, '10:00–11:00')).toBe(
        'Bienvenido/a: Sala Norte, 10:00–11:00. Check-in hecho.',
      );
    }
    expect(kioskWelcome(createTranslator('en'), booking, '10:00–11:00')).toBe(
      'Welcome: Sala Norte, 10:00–11:00. You are checked in.',
    );
  });
});

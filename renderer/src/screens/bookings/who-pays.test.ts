import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { whoPays } from './BookingDetail';
import { companyCreditsText } from './MemberPicker';

const price = { gross: 6000, creditMinutes: 120, due: 1800, taxRateBp: 2100, currency: 'EUR' };

describe('whose credits a booking used and who it is billed to', () => {
  it("names the company whose credits paid a person's booking, and that it is billed to it", () => {
    const booking = {
      memberId: 'pedro',
      price: {
        ...price,
        creditsFrom: [{ memberId: 'acme', name: 'Acme S.L.', minutes: 120 }],
        billedTo: { memberId: 'acme', name: 'Acme S.L.' },
      },
    };
    expect(whoPays(createTranslator('es'), booking)).toEqual([
      'Créditos de Acme S.L.: 2 h',
      'Se factura a Acme S.L.',
    ]);
    expect(whoPays(createTranslator('en'), booking)).toEqual([
      'Credits of Acme S.L.: 2 h',
      'Billed to Acme S.L.',
    ]);
  });

  it('lists own credits first when both paid, and says nothing more for a member paying alone', () => {
    const both = {
      memberId: 'marta',
      price: {
        ...price,
        creditMinutes: 90,
        creditsFrom: [
          { memberId: 'marta', name: 'Marta Gil', minutes: 60 },
          { memberId: 'acme', name: 'Acme S.L.', minutes: 30 },
        ],
        billedTo: null,
      },
    };
    expect(whoPays(createTranslator('es'), both)).toEqual([
      'Créditos de Marta Gil: 1 h',
      'Créditos de Acme S.L.: 30 min',
    ]);
    const alone = {
      memberId: 'marta',
      price: {
        ...price,
        creditsFrom: [{ memberId: 'marta', name: 'Marta Gil', minutes: 120 }],
        billedTo: { memberId: 'marta', name: 'Marta Gil' },
      },
    };
    expect(whoPays(createTranslator('es'), alone)).toEqual([]);
  });

  it("the booking form shows the picked person's company credits", () => {
    const acme = {
      member: { name: 'Acme S.L.' },
      balances: [
        { resourceType: 'meeting_room', minutes: 120 },
        { resourceType: 'hot_desk', minutes: 0 },
      ],
    };
    expect(companyCreditsText(createTranslator('es'), acme)).toBe(
      'Créditos de Acme S.L. (su empresa), si no le bastan los suyos: Sala de reuniones: 2 h',
    );
    expect(companyCreditsText(createTranslator('en'), { ...acme, balances: [] })).toBe(
      'Their company, Acme S.L., has no credits left.',
    );
  });
});

/**
 * The member page's pending charges: the total it shows (and confirms before "Charge now") is the
 * invoice's total the API previews (`chargeNow`), not the sum of the charges, which in a business
 * whose prices exclude tax is before tax.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { MemberDetail, UiLanguage } from '../../contract';
import { ChargesPanel } from './ChargesPanel';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: 'OWNER',
    supportMode: false,
    tenant: { name: 'Coworking Ana', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

const charge = { taxRateBp: 2100, source: 'period', status: 'open' as const, invoiceId: null };

function page(chargeNow: MemberDetail['chargeNow']): MemberDetail {
  return {
    member: { id: 'm1', name: 'Lucía Gómez' } as MemberDetail['member'],
    people: [],
    membership: null,
    balances: [],
    ledger: [],
    openCharges: [
      {
        ...charge,
        id: 'c1',
        description: 'Flex, noviembre',
        amount: 6_000,
        createdAt: '2026-11-25T10:00:00Z',
      },
      { ...charge, id: 'c2', description: 'Prorrateo Pro', amount: 4_000, createdAt: '2026-11-25T10:00:00Z' },
    ],
    chargeNow,
    invoices: [],
  };
}

const render = (detail: MemberDetail) =>
  renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(ChargesPanel, { detail, reload: () => undefined })),
  ).replace(/\u00a0/g, ' ');

/** The footer rows: label → amount. */
const footer = (html: string) =>
  [...(html.split('<tfoot>')[1] ?? '').matchAll(/<th[^>]*>([^<]*)<\/th><td[^>]*>([^<]*)<\/td>/g)].map((m) => [
    m[1],
    m[2],
  ]);

describe('pending charges total', () => {
  it('with prices before tax: net, tax and the invoice total, amounts labelled before tax', () => {
    const html = render(page({ prices: 'exclusive', subtotal: 10_000, tax: 2_100, total: 12_100 }));
    expect(html).toContain('Importe (sin impuestos)');
    expect(footer(html)).toEqual([
      ['Base imponible', '100,00 €'],
      ['Impuestos', '21,00 €'],
      ['Total pendiente', '121,00 €'],
    ]);
  });

  it('with prices including tax: the invoice total, amounts not labelled before tax', () => {
    const html = render(page({ prices: 'inclusive', subtotal: 8_264, tax: 1_736, total: 10_000 }));
    expect(html).not.toContain('sin impuestos');
    expect(footer(html)).toEqual([['Total pendiente', '100,00 €']]);
  });
});

/**
 * A company's credit ledger: a booking one of its people made on the company's hours names that
 * person in the reader's language (the entry keeps only the name).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { MemberDetail, UiLanguage } from '../../contract';
import { CreditsPanel } from './CreditsPanel';

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

const detail = {
  member: { id: 'acme', name: 'Acme S.L.', kind: 'company' },
  people: [],
  membership: null,
  balances: [{ resourceType: 'meeting_room', minutes: 60 }],
  ledger: [
    {
      id: 'e1',
      resourceType: 'meeting_room',
      minutes: -120,
      kind: 'consumption',
      bookingId: 'b1',
      periodStart: null,
      note: 'Pedro Ruiz',
      createdAt: '2026-12-07T10:00:00Z',
    },
  ],
  openCharges: [],
  chargeNow: null,
  invoices: [],
} as unknown as MemberDetail;

const render = () =>
  renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(CreditsPanel, { detail, reload() {} })),
  );

describe('a company’s credits', () => {
  it('name the person a booking was for, in Spanish and in English', () => {
    ui.lang = 'es';
    expect(render()).toContain('Reserva de Pedro Ruiz');
    ui.lang = 'en';
    expect(render()).toContain('Booking for Pedro Ruiz');
    ui.lang = 'es';
  });
});

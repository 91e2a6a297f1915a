/**
 * The membership panel: a membership cancelled at period end offers managers a way back ("Anular
 * la baja" / "Undo the cancellation", no confirmation) instead of the other actions; one that
 * renews offers the cancellation and not the undo. Front-desk staff see neither. A start date
 * before the current period says how many periods it charges at once and what they come to, and
 * asks for them to be confirmed.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { MembershipStartPreview, MembershipView, UiLanguage } from '../../contract';
import { chargesPastPeriods, MembershipPanel, PastPeriodsConfirm } from './MembershipPanel';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage, role: 'OWNER' }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: ui.role,
    supportMode: false,
    tenant: { name: 'Coworking Ana', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

const membership = (endsOn: string | null): MembershipView => ({
  id: 'ms1',
  memberId: 'm1',
  plan: { id: 'p1', name: 'Flex', period: 'month', price: 10_000 },
  nextPlan: null,
  status: 'active',
  startsOn: '2026-11-25',
  periodStart: '2026-11-25',
  periodEnd: '2026-12-25',
  endsOn,
  deskLabel: null,
});

const render = (ms: MembershipView, lang: UiLanguage = 'es', role = 'OWNER') => {
  ui.lang = lang;
  ui.role = role;
  return renderToStaticMarkup(
    createElement(
      MemoryRouter,
      null,
      createElement(MembershipPanel, { memberId: 'm1', membership: ms, reload: () => undefined }),
    ),
  );
};

const buttons = (html: string) => [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);

describe('undoing a cancellation at period end', () => {
  it('is the action a cancelled membership offers, in Spanish and English', () => {
    expect(buttons(render(membership('2026-12-25')))).toEqual(['Anular la baja']);
    expect(buttons(render(membership('2026-12-25'), 'en'))).toEqual(['Undo the cancellation']);
  });

  it('is not offered while the membership renews, nor to front-desk staff', () => {
    const renewing = buttons(render(membership(null)));
    expect(renewing).toContain('Dar de baja al final del periodo');
    expect(renewing).not.toContain('Anular la baja');
    expect(buttons(render(membership('2026-12-25'), 'es', 'STAFF'))).toEqual([]);
  });
});

const backdated: MembershipStartPreview = {
  periods: 6,
  from: '2026-06-25',
  to: '2026-12-25',
  fees: 60_000,
  charge: { prices: 'exclusive', subtotal: 60_000, tax: 12_600, total: 72_600 },
};

const confirmBox = (preview: MembershipStartPreview, lang: UiLanguage) => {
  ui.lang = lang;
  return renderToStaticMarkup(
    createElement(PastPeriodsConfirm, { preview, checked: false, onChange: () => undefined }),
  ).replace(/\u00a0/g, ' ');
};

describe('a start date before the current period', () => {
  it('says how many periods it charges, from when to when and the invoice total, and asks to confirm', () => {
    const es = confirmBox(backdated, 'es');
    expect(es).toContain(
      'se cobrarán 6 periodos de una vez (del 25 jun 2026 al 24 dic 2026), 726,00 € en la próxima factura',
    );
    expect(es).toMatch(/<input id="membership-confirm-periods" type="checkbox"[^>]*aria-describedby/);
    expect(es).toContain('<label for="membership-confirm-periods">Cobrar los 6 periodos (726,00 €)</label>');
    const en = confirmBox(backdated, 'en');
    expect(en).toContain('6 periods will be charged at once (25 jun 2026 to 24 dic 2026), 726,00 €');
    expect(en).toContain('Charge the 6 periods (726,00 €)');
  });

  it('is asked only when more than one period is charged', () => {
    expect(chargesPastPeriods(backdated)).toBe(true);
    expect(chargesPastPeriods({ ...backdated, periods: 1, fees: 10_000 })).toBe(false);
    expect(chargesPastPeriods({ ...backdated, fees: 0, charge: null })).toBe(false);
  });
});

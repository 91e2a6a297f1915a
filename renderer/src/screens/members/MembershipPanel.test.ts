/**
 * The membership panel: a membership cancelled at period end offers managers a way back ("Anular
 * la baja" / "Undo the cancellation", no confirmation) instead of the other actions; one that
 * renews offers the cancellation and not the undo. Front-desk staff see neither.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { MembershipView, UiLanguage } from '../../contract';
import { MembershipPanel } from './MembershipPanel';

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

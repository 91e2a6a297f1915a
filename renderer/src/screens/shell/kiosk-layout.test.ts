/**
 * A console in kiosk mode draws only the kiosk: no navigation to other areas, no account menus,
 * no sign-out; the same console out of kiosk mode keeps all of them.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../contract';

vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: 'en'; setLang(): void }) => T) => select({ lang: 'en', setLang() {} }),
}));

let current: SessionInfo;
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useSignedInSession: () => current,
  useSession: <T>(select: (s: { signOut(): Promise<void>; signedIn(): void }) => T) =>
    select({ signOut: async () => {}, signedIn() {} }),
}));

import { AppLayout } from './AppLayout';

function aSession(kioskMode: boolean): SessionInfo {
  return {
    user: { id: 'u1', name: 'Ana Pérez', email: 'ana@example.com' },
    tenant: {
      id: 't1',
      name: 'Cowork Sol',
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      locale: 'es-ES',
      status: 'active',
      statusReason: null,
      plan: 'starter',
      legalName: null,
      taxId: null,
      address: null,
      logo: null,
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
    },
    role: 'OWNER',
    memberships: [],
    actingUser: null,
    supportMode: false,
    isSuperadmin: false,
    kioskMode,
  };
}

function render(session: SessionInfo): string {
  current = session;
  return renderToStaticMarkup(
    createElement(
      MemoryRouter,
      { initialEntries: ['/bookings/check-in'] },
      createElement(
        Routes,
        null,
        createElement(
          Route,
          { element: createElement(AppLayout) },
          createElement(Route, {
            path: 'bookings/check-in',
            element: createElement('p', null, 'KIOSK SCREEN'),
          }),
        ),
      ),
    ),
  );
}

describe('the kiosk frame', () => {
  it('shows the kiosk screen with the business name and language, and no way to other screens', () => {
    const html = render(aSession(true));
    expect(html).toContain('KIOSK SCREEN');
    expect(html).toContain('Cowork Sol');
    expect(html).toContain('<select');
    expect(html).not.toContain('<nav');
    expect(html).not.toMatch(/<a [^>]*href/);
    expect(html).not.toContain('Sign out');
    expect(html).not.toContain('Ana Pérez');
  });

  it('keeps the navigation and sign-out on the same console out of kiosk mode', () => {
    const html = render(aSession(false));
    expect(html).toContain('KIOSK SCREEN');
    expect(html).toContain('<nav');
    expect(html).toMatch(/<a [^>]*href="\/customers"|<a [^>]*href="\/sales"/);
    expect(html).toContain('Sign out');
  });
});

/**
 * A refused kiosk check-in is announced: the reason appears inside the form's alert region (which
 * is always rendered), right under the code field, and stays the field's description.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: 'en' }) => T) => select({ lang: 'en' }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Cowork', currency: 'EUR', locale: 'en-GB', timeZone: 'Europe/Madrid' },
    role: 'owner',
  }),
}));

import { KioskCheckInScreen, KioskCodeError } from './KioskCheckInScreen';

describe('kiosk check-in refused', () => {
  it('the reason is said in an alert region, with the id the code field points to', () => {
    const html = renderToStaticMarkup(createElement(KioskCodeError, { error: 'booking-code-unknown' }));
    expect(html).toMatch(
      /^<div role="alert"[^>]*><p id="kiosk-code-error"[^>]*>No booking has that code\.<\/p><\/div>$/,
    );
  });

  it('the screen keeps that alert region in the form, right after the code field, before any error', () => {
    const html = renderToStaticMarkup(createElement(KioskCheckInScreen));
    const form = /<form[^>]*>(.*?)<\/form>/s.exec(html)?.[1] ?? '';
    expect(form).toMatch(/<input id="kiosk-code"[^>]*\/><div role="alert"[^>]*><\/div>/);
    // One alert region: the error is not put somewhere else.
    expect(html.match(/role="alert"/g)).toHaveLength(1);
  });
});

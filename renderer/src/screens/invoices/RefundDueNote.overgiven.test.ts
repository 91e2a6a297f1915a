/**
 * Money given back beyond what was owed (two registers each gave back the same refundDue offline)
 * is said on the invoice: the customer was given that much too much and should return it, in
 * Spanish and English; "record money returned" is offered to those who manage invoices where the
 * screen records it. Nothing is said when nothing was given too much.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { InvoiceView, UiLanguage } from '../../contract';
import { RefundDueNote } from './RefundDueNote';

const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: 'OWNER',
    tenant: { name: 'Café La Esquina', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

function text(
  money: Pick<InvoiceView, 'status' | 'refundDue' | 'overGiven'>,
  lang: UiLanguage = 'es',
  options: { manage?: boolean; onTakenBack?: () => void } = {},
): string {
  ui.lang = lang;
  return renderToStaticMarkup(createElement(RefundDueNote, { invoice: { id: 'inv1', ...money }, ...options }))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('money given back beyond what was owed', () => {
  it('says the customer was given too much and should return it, in Spanish and English', () => {
    const es = text({ status: 'paid', refundDue: 0, overGiven: 5_000 });
    expect(es).toContain('Devuelto de más al cliente: 50,00 €');
    expect(es).toContain('Al cliente se le devolvieron 50,00 € de más');
    expect(es).toContain('El cliente debe devolver 50,00 €');
    const en = text({ status: 'paid', refundDue: 0, overGiven: 5_000 }, 'en');
    expect(en).toContain('Given too much back: 50,00 €');
    expect(en).toContain('The customer was given 50,00 € too much');
    expect(en).toContain('The customer should return 50,00 €');
  });

  it('says it of a void invoice too, not that money is owed to the customer', () => {
    const es = text({ status: 'void', refundDue: 0, overGiven: 3_000 });
    expect(es).toContain('se le devolvieron 30,00 € de más');
    expect(es).not.toContain('A devolver al cliente');
  });

  it('offers recording what the customer returns to those who manage invoices', () => {
    const onTakenBack = () => undefined;
    const money = { status: 'paid' as const, refundDue: 0, overGiven: 5_000 };
    expect(text(money, 'es', { manage: true, onTakenBack })).toContain(
      'Registrar dinero devuelto por el cliente',
    );
    expect(text(money, 'en', { manage: true, onTakenBack })).toContain(
      'Record money returned by the customer',
    );
    expect(text(money, 'es', { manage: false, onTakenBack })).not.toContain('Registrar');
    // Never "record money given back": nothing is owed back.
    expect(text(money, 'en', { manage: true, onTakenBack })).not.toContain('Record money given back');
  });

  it('says nothing when nothing was given too much', () => {
    expect(text({ status: 'paid', refundDue: 0, overGiven: 0 })).toBe('');
    expect(text({ status: 'void', refundDue: 0, overGiven: 0 }, 'en')).toBe('');
  });
});

/**
 * Money received that is the customer's is said on the invoice: paid before a void, or paid
 * beyond the total (two registers took it offline). Nothing is said when nothing is owed back.
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
  due: Pick<InvoiceView, 'status' | 'refundDue'>,
  lang: UiLanguage = 'es',
  manage = false,
): string {
  ui.lang = lang;
  return renderToStaticMarkup(createElement(RefundDueNote, { invoice: { id: 'inv1', ...due }, manage }))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('what the invoice owes back', () => {
  it('names the money received before a void, in Spanish and English', () => {
    const es = text({ status: 'void', refundDue: 4000 });
    expect(es).toContain('A devolver al cliente: 40,00');
    expect(es).toContain('se anuló después de cobrar 40,00');
    const en = text({ status: 'void', refundDue: 4000 }, 'en');
    expect(en).toContain('Owed to the customer: 40,00');
    expect(en).toContain('voided after 40,00');
  });

  it('names what was paid over the total of a live invoice', () => {
    expect(text({ status: 'paid', refundDue: 5000 })).toContain('Se cobró 50,00 € más que el total');
    expect(text({ status: 'paid', refundDue: 5000 }, 'en')).toContain('50,00 € more than the total');
  });

  it('offers recording the money given back to those who manage invoices', () => {
    expect(text({ status: 'void', refundDue: 4000 }, 'es', true)).toContain(
      'Registrar devolución al cliente',
    );
    expect(text({ status: 'paid', refundDue: 4000 }, 'en', true)).toContain('Record money given back');
    expect(text({ status: 'void', refundDue: 4000 }, 'es', false)).not.toContain('Registrar devolución');
  });

  it('says nothing when nothing is owed back', () => {
    expect(text({ status: 'void', refundDue: 0 })).toBe('');
    expect(text({ status: 'partially_paid', refundDue: 0 })).toBe('');
  });
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ProductLite, UiLanguage } from '../../contract';
import { WeightDialog } from './SaleScreen';

// The dialog reads the UI language and the business (its decimal separator) from the app's stores.
const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Tienda', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

const cheese = { id: 'p2', sku: 'QUE', name: 'Queso', unit: 'kg', price: 1299 } as ProductLite;

const render = (lang: UiLanguage) => {
  ui.lang = lang;
  return renderToStaticMarkup(
    createElement(WeightDialog, { product: cheese, onAdd: () => {}, onClose: () => {} }),
  );
};

describe('the weight asked for a scanned weighed product', () => {
  it('names the product and asks for a quantity in its unit, in a labelled field with its hint', () => {
    const html = render('es');
    expect(html).toContain('¿Cuánto Queso?');
    expect(html).toMatch(/<label for="sale-weight">Cantidad en kg<\/label>/);
    expect(html).toMatch(
      /<input id="sale-weight"[^>]*inputMode="decimal"[^>]*aria-describedby="sale-weight-hint"/,
    );
    expect(html).toContain('por ejemplo 0,35.');
    expect(html).toContain('Añadir al ticket');
  });

  it('is worded in English too', () => {
    const html = render('en');
    expect(html).toContain('How much Queso?');
    expect(html).toContain('Quantity in kg');
    expect(html).toContain('Add to the sale');
  });
});

/**
 * The counter prices the cart by the business's own rules (prices with or without tax). Until
 * those settings have arrived it shows no totals and takes no payment, rather than a guess a
 * fast cashier could charge; if they cannot be loaded it says so and offers to try again.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { posApi, shiftsApi } from '../../api/pos';
import type { Remote } from '../../components/useRemote';
import type { PosSettings, ShiftView, UiLanguage } from '../../contract';
import type { Cart } from './cart';
import { SaleScreen } from './SaleScreen';

const ui = vi.hoisted(() => ({
  lang: 'es' as UiLanguage,
  remotes: new Map<unknown, unknown>(),
  cart: null as unknown,
}));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    role: 'STAFF',
    tenant: { name: 'Tienda', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));
// The open sale at this counter, as the store would hold it.
vi.mock('../../stores/cart', () => ({
  useCart: <T>(select: (s: { cart: unknown; dispatch(): void }) => T) =>
    select({ cart: ui.cart, dispatch: () => {} }),
}));
// Each screen request answers as the test says (the shift, the counter settings); others stay loading.
vi.mock('../../components/useRemote', () => ({
  useRemote: (load: unknown) => [ui.remotes.get(load) ?? { state: 'loading' }, () => {}],
}));

const shift = { id: 's1', status: 'open', openedAt: '2026-12-07T08:00:00Z' } as ShiftView;
// Two 10,00 € items taxed at 10 %: 22,00 € when prices exclude tax, 20,00 € when they include it.
const cart: Cart = {
  lines: [
    {
      id: 'l1',
      product: { id: 'p1', sku: 'CAF', name: 'Café en grano', unit: 'unit', price: 1000, taxRateBp: 1000 },
      qty: 2,
      discount: null,
    },
  ],
  discount: null,
  customerId: null,
  note: '',
  quote: null,
};
const exclusive = {
  prices: 'exclusive',
  rounding: 'line',
  paymentMethods: ['cash', 'card'],
} as PosSettings;

function render(settings: Remote<PosSettings>, lang: UiLanguage = 'es'): string {
  ui.lang = lang;
  ui.cart = cart;
  ui.remotes = new Map<unknown, unknown>([
    [shiftsApi.current, { state: 'loaded', value: shift }],
    [posApi.settings, settings],
  ]);
  return renderToStaticMarkup(createElement(MemoryRouter, null, createElement(SaleScreen)));
}

const totals = (html: string) => /<dl class="cart-totals"[^>]*>(.*?)<\/dl>/.exec(html)?.[1] ?? null;
const payButton = (html: string) => /<button[^>]*><kbd>F2<\/kbd>[^<]*<\/button>/.exec(html)?.[0] ?? '';

describe('the sale screen before the counter settings have loaded', () => {
  it('shows no total and keeps Pay disabled, saying what it waits for', () => {
    const html = render({ state: 'loading' });
    expect(totals(html)).toBeNull();
    expect(html).not.toMatch(/20,00|22,00/);
    expect(html).toContain('Cargando los ajustes de caja');
    expect(payButton(html)).toContain('disabled=""');
  });

  it('is worded in English too', () => {
    const html = render({ state: 'loading' }, 'en');
    expect(html).toContain('Loading the counter settings');
  });

  it('prices by the settings once they arrive, and offers Pay', () => {
    const html = render({ state: 'loaded', value: exclusive });
    expect(totals(html)).toMatch(/Impuestos<\/dt><dd>2,00\s€<\/dd>/);
    expect(totals(html)).toMatch(/Total<\/dt><dd>22,00\s€<\/dd>/);
    expect(payButton(html)).toContain('Cobrar');
    expect(payButton(html)).not.toContain('disabled');
  });

  it('says when the settings cannot be loaded, offers to try again, and takes no payment', () => {
    const html = render({ state: 'failed', code: 'network-error' });
    expect(totals(html)).toBeNull();
    expect(html).toMatch(/role="alert"[^>]*>.*No se pudieron cargar los ajustes de caja/);
    expect(html).toMatch(/<button[^>]*>Reintentar<\/button>/);
    expect(payButton(html)).toContain('disabled=""');
  });
});

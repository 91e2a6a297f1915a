import { describe, expect, it } from 'vitest';
import { purchaseOrderMail } from '../../core/mail/purchase-order.js';
import { assertTransition, divideHalfUp, lineTotal, movingAverageCost } from './purchasing.rules.js';

describe('purchasing arithmetic', () => {
  it('rounds a line total half up to the minor unit', () => {
    expect(lineTotal(2500, 85)).toBe(213); // 2.5 × 0.85 = 2.125
    expect(lineTotal(1333, 100)).toBe(133); // 1.333 × 1.00 = 1.333
    expect(lineTotal(1000, 1)).toBe(1);
    expect(lineTotal(500, 1)).toBe(1); // 0.005 → 0.01
    expect(lineTotal(499, 1)).toBe(0);
  });

  it('divides exactly beyond the safe float range', () => {
    const huge = 10n ** 24n + 1n;
    expect(divideHalfUp(huge * 2n, 2n)).toBe(Number(huge));
    expect(() => divideHalfUp(1n, 0n)).toThrow();
  });

  it('weighs the moving average by the on hand before the receipt, never by a negative one', () => {
    const avg = (onHandBeforeMilli: number, averageCost: number, qtyMilli: number, unitCost: number) =>
      movingAverageCost({ onHandBeforeMilli, averageCost, qtyMilli, unitCost });
    expect(avg(10_000, 1000, 5000, 1300)).toBe(1100);
    expect(avg(3000, 1000, 1000, 1001)).toBe(1000); // 1000.25
    expect(avg(3000, 1000, 1000, 1002)).toBe(1001); // 1000.5 → half up
    expect(avg(0, 999, 2000, 500)).toBe(500);
    expect(avg(-2000, 500, 5000, 800)).toBe(800);
    expect(avg(1, 100, 2, 101)).toBe(101); // 302 / 3 = 100.67
  });

  it('names the refused transitions with stable codes', () => {
    expect(() => assertTransition('sent', 'edit')).toThrow(
      expect.objectContaining({ code: 'order-not-draft' }),
    );
    expect(() => assertTransition('received', 'cancel')).toThrow(
      expect.objectContaining({ code: 'invalid-status-transition', status: 409 }),
    );
    expect(() => assertTransition('partially_received', 'close')).not.toThrow();
    expect(() => assertTransition('closed', 'receive')).toThrow(
      expect.objectContaining({ code: 'invalid-status-transition' }),
    );
  });
});

describe('the purchase order email', () => {
  const base = {
    locale: 'en-US',
    timeZone: 'America/New_York',
    currency: 'USD',
    businessName: 'Corner <Café> & Co',
    supplierName: 'Beans "R" Us',
    number: 'PO-ABCD-000007',
    locationName: 'Back room',
    expectedAt: '2026-12-01T15:00:00.000Z',
    notes: 'Ring the bell\n<b>twice</b>',
    lines: [
      { sku: 'CAF-1', supplierSku: 'BRU-9', name: 'Beans 1 kg', qty: 12, unitCost: 1250, total: 15000 },
      { sku: 'MLK', supplierSku: null, name: 'Milk', qty: 0.5, unitCost: 99, total: 50 },
    ],
    total: 15050,
  };

  it('renders English with Intl money and escapes the HTML part', () => {
    const mail = purchaseOrderMail({ ...base, language: 'en' });
    expect(mail.subject).toBe('Purchase order PO-ABCD-000007 from Corner <Café> & Co');
    expect(mail.text).toContain('Hello Beans "R" Us,');
    expect(mail.text).toContain('Expected by: December 1, 2026');
    expect(mail.text).toContain('1. Beans 1 kg (SKU CAF-1, Supplier SKU BRU-9): 12 × $12.50 = $150.00');
    expect(mail.text).toContain('2. Milk (SKU MLK): 0.5 × $0.99 = $0.50');
    expect(mail.text).toContain('Order total: $150.50');
    expect(mail.html).toContain('Corner &lt;Café&gt; &amp; Co');
    expect(mail.html).toContain('Ring the bell<br>&lt;b&gt;twice&lt;/b&gt;');
    expect(mail.html).not.toContain('<Café>');
    expect(mail.html).not.toContain('<b>twice');
  });

  it('formats currencies without minor units', () => {
    const mail = purchaseOrderMail({
      ...base,
      language: 'es',
      locale: 'es-MX',
      currency: 'JPY',
      lines: [{ sku: 'T', supplierSku: null, name: 'Té', qty: 1, unitCost: 500, total: 500 }],
      total: 500,
    });
    expect(mail.subject).toBe('Pedido de compra PO-ABCD-000007 de Corner <Café> & Co');
    expect(mail.text.replaceAll('\u00a0', ' ')).toContain('Total del pedido: JPY 500');
  });
});

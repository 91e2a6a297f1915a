import { describe, expect, it } from 'vitest';
import { discountInputText, parseDiscountInput } from './discount-input';

describe('parseDiscountInput', () => {
  it('reads a percentage and an amount the Spanish way', () => {
    expect(parseDiscountInput('10%', 'EUR', 'es-ES')).toEqual({
      ok: true,
      discount: { kind: 'percent', bp: 1000 },
    });
    expect(parseDiscountInput('1,50', 'EUR', 'es-ES')).toEqual({
      ok: true,
      discount: { kind: 'amount', amount: 150 },
    });
  });

  it('reads blank and zero as no discount', () => {
    expect(parseDiscountInput(' ', 'EUR', 'es-ES')).toEqual({ ok: true, discount: null });
    expect(parseDiscountInput('0%', 'EUR', 'es-ES')).toEqual({ ok: true, discount: null });
  });

  it('refuses more than 100 % and text', () => {
    expect(parseDiscountInput('120%', 'EUR', 'es-ES')).toEqual({ ok: false, code: 'discount-over-100' });
    expect(parseDiscountInput('abc', 'EUR', 'es-ES').ok).toBe(false);
  });

  it('writes a discount back as typed', () => {
    expect(discountInputText({ kind: 'percent', bp: 550 }, 'EUR', 'es-ES')).toBe('5,5%');
    expect(discountInputText({ kind: 'amount', amount: 150 }, 'EUR', 'es-ES')).toBe('1,50');
  });
});

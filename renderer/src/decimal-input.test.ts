import { describe, expect, it } from 'vitest';
import {
  moneyInputText,
  parseMoneyInput,
  parsePercentInput,
  parseQuantityInput,
  percentInputText,
} from './decimal-input';

describe('parseMoneyInput', () => {
  it('reads a Spanish comma and an English point as the decimal separator', () => {
    expect(parseMoneyInput('1,50', 'EUR', 'es-ES')).toEqual({ ok: true, value: 150 });
    expect(parseMoneyInput('1.50', 'USD', 'en-US')).toEqual({ ok: true, value: 150 });
  });

  it('accepts a point typed on a Spanish numpad when it cannot be grouping', () => {
    expect(parseMoneyInput('1.5', 'EUR', 'es-ES')).toEqual({ ok: true, value: 150 });
    expect(parseMoneyInput('2,05', 'USD', 'en-US')).toEqual({ ok: true, value: 205 });
  });

  it('treats groups of three digits as thousands', () => {
    expect(parseMoneyInput('1.234,56', 'EUR', 'es-ES')).toEqual({ ok: true, value: 123456 });
    expect(parseMoneyInput('1,234.56', 'USD', 'en-US')).toEqual({ ok: true, value: 123456 });
    expect(parseMoneyInput('1.500', 'CLP', 'es-CL')).toEqual({ ok: true, value: 1500 });
  });

  it('uses whole units for currencies without minor digits', () => {
    expect(parseMoneyInput('1500', 'CLP', 'es-CL')).toEqual({ ok: true, value: 1500 });
    expect(parseMoneyInput('980', 'JPY', 'en-US')).toEqual({ ok: true, value: 980 });
    expect(parseMoneyInput('1,5', 'CLP', 'es-CL')).toEqual({ ok: false, code: 'amount-too-precise' });
    expect(parseMoneyInput('9.5', 'JPY', 'en-US')).toEqual({ ok: false, code: 'amount-too-precise' });
  });

  it('allows trailing zeros but not a third decimal of euros', () => {
    expect(parseMoneyInput('3,500', 'EUR', 'es-ES')).toEqual({ ok: true, value: 350 });
    expect(parseMoneyInput('3,505', 'EUR', 'es-ES')).toEqual({ ok: false, code: 'amount-too-precise' });
  });

  it('refuses negatives, letters and empty text', () => {
    expect(parseMoneyInput('-1', 'EUR', 'es-ES')).toEqual({ ok: false, code: 'amount-negative' });
    expect(parseMoneyInput('abc', 'EUR', 'es-ES')).toEqual({ ok: false, code: 'amount-not-a-number' });
    expect(parseMoneyInput('', 'EUR', 'es-ES')).toEqual({ ok: false, code: 'amount-not-a-number' });
    expect(parseMoneyInput('1,2,3', 'EUR', 'es-ES')).toEqual({ ok: false, code: 'amount-not-a-number' });
  });

  it('writes minor units back the way they are typed', () => {
    expect(moneyInputText(123456, 'EUR', 'es-ES')).toBe('1234,56');
    expect(moneyInputText(150, 'USD', 'en-US')).toBe('1.50');
    expect(moneyInputText(1500, 'CLP', 'es-CL')).toBe('1500');
    expect(parseMoneyInput(moneyInputText(99, 'EUR', 'es-ES'), 'EUR', 'es-ES')).toEqual({
      ok: true,
      value: 99,
    });
  });
});

describe('percent and quantity inputs', () => {
  it('reads tax rates as basis points', () => {
    expect(parsePercentInput('21', 'es-ES')).toEqual({ ok: true, value: 2100 });
    expect(parsePercentInput('5,5', 'es-ES')).toEqual({ ok: true, value: 550 });
    expect(percentInputText(1050, 'es-ES')).toBe('10,5');
  });

  it('reads signed quantities with up to three decimals', () => {
    expect(parseQuantityInput('-2,5', 'es-ES', { signed: true })).toEqual({ ok: true, value: -2.5 });
    expect(parseQuantityInput('0.125', 'en-US')).toEqual({ ok: true, value: 0.125 });
    expect(parseQuantityInput('0,1255', 'es-ES')).toEqual({ ok: false, code: 'amount-too-precise' });
    expect(parseQuantityInput('-1', 'es-ES')).toEqual({ ok: false, code: 'amount-negative' });
  });
});

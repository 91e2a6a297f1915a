import { describe, expect, it } from 'vitest';
import { isCompletePin, pinPadKey, pinPadReducer } from './pin-pad';

describe('PIN pad', () => {
  it('appends digits up to six and ignores anything else', () => {
    let pin = '';
    for (const digit of '12345678') pin = pinPadReducer(pin, { type: 'digit', digit });
    expect(pin).toBe('123456');
    expect(pinPadReducer('12', { type: 'digit', digit: 'a' })).toBe('12');
  });

  it('erases the last digit or everything', () => {
    expect(pinPadReducer('123', { type: 'backspace' })).toBe('12');
    expect(pinPadReducer('', { type: 'backspace' })).toBe('');
    expect(pinPadReducer('123', { type: 'clear' })).toBe('');
  });

  it('maps keyboard keys to pad actions, leaving Enter and Escape to the dialog', () => {
    expect(pinPadKey('7')).toEqual({ type: 'digit', digit: '7' });
    expect(pinPadKey('Backspace')).toEqual({ type: 'backspace' });
    expect(pinPadKey('Delete')).toEqual({ type: 'clear' });
    expect(pinPadKey('Enter')).toBeNull();
    expect(pinPadKey('Escape')).toBeNull();
  });

  it('accepts four to six digits', () => {
    expect(isCompletePin('123')).toBe(false);
    expect(isCompletePin('1234')).toBe(true);
    expect(isCompletePin('123456')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { commandFor, keyLabel, SALE_SHORTCUTS } from './shortcuts';

describe('sale shortcuts', () => {
  it('maps the function keys and Escape to the sale commands', () => {
    expect(commandFor({ key: 'F2' })).toBe('pay');
    expect(commandFor({ key: 'F4' })).toBe('discount');
    expect(commandFor({ key: 'F6' })).toBe('park');
    expect(commandFor({ key: 'F8' })).toBe('newSale');
    expect(commandFor({ key: 'Escape' })).toBe('scan');
  });

  it('leaves other and modified keys alone', () => {
    expect(commandFor({ key: 'Enter' })).toBeNull();
    expect(commandFor({ key: 'F2', ctrlKey: true })).toBeNull();
  });

  it('has one shortcut per key and per command', () => {
    expect(new Set(SALE_SHORTCUTS.map((s) => s.key)).size).toBe(SALE_SHORTCUTS.length);
    expect(new Set(SALE_SHORTCUTS.map((s) => s.command)).size).toBe(SALE_SHORTCUTS.length);
    expect(keyLabel('Escape')).toBe('Esc');
  });
});

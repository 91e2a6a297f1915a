import { describe, expect, it } from 'vitest';
import { readPaper, savePaper } from './paper';

/** This machine's localStorage. */
function memoryStore(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe("the register's receipt format", () => {
  it('chosen at the counter is the one a reprint from history starts with', () => {
    const store = memoryStore();
    expect(readPaper(store)).toBe('80mm');
    savePaper('58mm', store); // sale screen
    expect(readPaper(store)).toBe('58mm'); // history's reprint
    savePaper('a4', store); // history
    expect(readPaper(store)).toBe('a4'); // next sale
  });

  it('falls back to 80 mm for a value it does not know or storage it cannot read', () => {
    const store = memoryStore();
    store.setItem('mostrador.paper', '110mm');
    expect(readPaper(store)).toBe('80mm');
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readPaper(broken)).toBe('80mm');
    expect(() => savePaper('58mm', broken)).not.toThrow();
  });
});

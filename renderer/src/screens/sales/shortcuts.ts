/** The sale screen's keyboard shortcuts: one map, shown on screen and used by the key handler. */
import type { MessageKey } from '../../i18n';

export type SaleCommand = 'pay' | 'discount' | 'park' | 'newSale' | 'scan';

export interface Shortcut {
  key: string;
  command: SaleCommand;
  label: MessageKey;
}

export const SALE_SHORTCUTS: readonly Shortcut[] = [
  { key: 'F2', command: 'pay', label: 'sale.shortcut.pay' },
  { key: 'F4', command: 'discount', label: 'sale.shortcut.discount' },
  { key: 'F6', command: 'park', label: 'sale.shortcut.park' },
  { key: 'F8', command: 'newSale', label: 'sale.shortcut.newSale' },
  { key: 'Escape', command: 'scan', label: 'sale.shortcut.scan' },
];

/** The command a keydown asks for; modified keys are the browser's and the system's. */
export function commandFor(event: {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}): SaleCommand | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  return SALE_SHORTCUTS.find((s) => s.key === event.key)?.command ?? null;
}

/** How a key is written on the shortcut bar. */
export const keyLabel = (key: string) => (key === 'Escape' ? 'Esc' : key);

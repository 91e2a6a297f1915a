/**
 * The receipt format this register prints on, chosen on the sale screen or when reprinting from
 * history, and kept on this machine (localStorage) for both.
 */
export const PAPERS = ['58mm', '80mm', 'a4'] as const;
export type Paper = (typeof PAPERS)[number];

export const DEFAULT_PAPER: Paper = '80mm';
const KEY = 'mostrador.paper';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

const isPaper = (value: unknown): value is Paper => PAPERS.includes(value as Paper);

/** This register's receipt format; 80 mm until one is chosen (or when storage is unavailable). */
export function readPaper(store: Store | undefined = globalThis.localStorage): Paper {
  try {
    const value = store?.getItem(KEY);
    return isPaper(value) ? value : DEFAULT_PAPER;
  } catch {
    return DEFAULT_PAPER;
  }
}

/** Keeps the chosen format for the next receipt, on either screen. */
export function savePaper(paper: Paper, store: Store | undefined = globalThis.localStorage): void {
  try {
    store?.setItem(KEY, paper);
  } catch {
    // Storage full or disabled: the choice holds for this screen only.
  }
}

/**
 * Barcode scanners are keyboards that type a whole code in a few milliseconds and press Enter.
 * People type slower. The detector tells the two apart from the gaps between keystrokes.
 */
export interface ScanOptions {
  /** Longest gap between two keystrokes of one scan. */
  maxGapMs: number;
  /** Shortest code a scanner sends. */
  minLength: number;
}

export const SCAN_DEFAULTS: ScanOptions = { maxGapMs: 40, minLength: 4 };

export interface KeyStroke {
  key: string;
  /** Event time in milliseconds (`event.timeStamp`). */
  time: number;
}

export type ScanResult = { kind: 'scan'; code: string } | { kind: 'enter' } | null;

export class ScanDetector {
  private chars = '';
  private lastTime = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ScanOptions = SCAN_DEFAULTS) {}

  /**
   * Feed every keydown. Enter after a fast burst answers the scanned code; Enter after typing
   * answers 'enter'; other keys answer null.
   */
  feed({ key, time }: KeyStroke): ScanResult {
    const fast = time - this.lastTime <= this.options.maxGapMs;
    this.lastTime = time;
    if (key === 'Enter') {
      const code = this.chars;
      this.chars = '';
      return fast && code.length >= this.options.minLength ? { kind: 'scan', code } : { kind: 'enter' };
    }
    if (key.length !== 1) {
      this.chars = '';
      return null;
    }
    this.chars = fast ? this.chars + key : key;
    return null;
  }

  reset(): void {
    this.chars = '';
    this.lastTime = Number.NEGATIVE_INFINITY;
  }
}

/** Whether keyboard focus is somewhere text is typed (scans there belong to that field). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

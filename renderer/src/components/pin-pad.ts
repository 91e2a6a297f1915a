/** The digits typed on the PIN pad; pure so keyboard and on-screen buttons share one behaviour. */
export const PIN_MIN = 4;
export const PIN_MAX = 6;

export type PinPadAction = { type: 'digit'; digit: string } | { type: 'backspace' } | { type: 'clear' };

export function pinPadReducer(pin: string, action: PinPadAction): string {
  switch (action.type) {
    case 'digit':
      return /^\d$/.test(action.digit) && pin.length < PIN_MAX ? pin + action.digit : pin;
    case 'backspace':
      return pin.slice(0, -1);
    case 'clear':
      return '';
  }
}

/** The pad action for a key press, or null when the key does not edit the PIN. */
export function pinPadKey(key: string): PinPadAction | null {
  if (/^\d$/.test(key)) return { type: 'digit', digit: key };
  if (key === 'Backspace') return { type: 'backspace' };
  if (key === 'Delete') return { type: 'clear' };
  return null;
}

export function isCompletePin(pin: string): boolean {
  return pin.length >= PIN_MIN && pin.length <= PIN_MAX;
}

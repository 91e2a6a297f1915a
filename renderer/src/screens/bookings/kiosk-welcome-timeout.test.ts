import { afterEach, describe, expect, it, vi } from 'vitest';
import { hideWelcomeLater, KIOSK_WELCOME_MS } from './KioskCheckInScreen';

afterEach(() => {
  vi.useRealTimers();
});

describe("the kiosk's greeting leaves the screen by itself", () => {
  it('is hidden about 15 seconds after the check-in, not before', () => {
    vi.useFakeTimers();
    const hide = vi.fn();
    hideWelcomeLater(hide);
    vi.advanceTimersByTime(KIOSK_WELCOME_MS - 1);
    expect(hide).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(hide).toHaveBeenCalledTimes(1);
    expect(KIOSK_WELCOME_MS).toBeGreaterThanOrEqual(10_000);
    expect(KIOSK_WELCOME_MS).toBeLessThanOrEqual(20_000);
  });

  it('is not hidden by an old timer once cancelled (the screen closed or the next code was sent)', () => {
    vi.useFakeTimers();
    const hide = vi.fn();
    const cancel = hideWelcomeLater(hide);
    vi.advanceTimersByTime(5_000);
    cancel();
    vi.advanceTimersByTime(KIOSK_WELCOME_MS * 2);
    expect(hide).not.toHaveBeenCalled();
  });
});

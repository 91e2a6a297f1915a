import { afterEach, describe, expect, it, vi } from 'vitest';
import { hideWelcomeLater, KIOSK_KEEPALIVE_MS, KIOSK_WELCOME_MS, keepKioskAlive } from './KioskCheckInScreen';

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

describe('an unattended kiosk keeps its session', () => {
  it("asks for its session often enough that the backend's renewal never lets it lapse, until the screen closes", () => {
    vi.useFakeTimers();
    const ask = vi.fn();
    const stop = keepKioskAlive(ask);
    // A night with nobody checking in: 14 hours, more than a session's 12.
    vi.advanceTimersByTime(14 * 3_600_000);
    expect(ask.mock.calls.length).toBeGreaterThanOrEqual(14 * 6);
    // Far more often than the 12-hour session lifetime, and not so often it floods the backend.
    expect(KIOSK_KEEPALIVE_MS).toBeLessThanOrEqual(60 * 60_000);
    expect(KIOSK_KEEPALIVE_MS).toBeGreaterThanOrEqual(60_000);
    stop();
    const asked = ask.mock.calls.length;
    vi.advanceTimersByTime(3_600_000);
    expect(ask).toHaveBeenCalledTimes(asked);
  });
});

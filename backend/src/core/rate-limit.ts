import { DomainError } from './errors.js';

/**
 * Fixed-window failure counter per key (an account, an address, a session).
 * In memory: one console process guards its own sign-ins; hub instances each
 * guard theirs (a shared store arrives with the hub if abuse warrants it).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Throws 429 `rate-limited` when the key has used up its attempts in the current window. */
  check(key: string, now: Date): void {
    const w = this.current(key, now.getTime());
    if (w && w.count >= this.limit) {
      const retryAfter = Math.ceil((w.start + this.windowMs - now.getTime()) / 1000);
      throw new DomainError('rate-limited', 429, `Too many attempts; try again in ${retryAfter} s`);
    }
  }

  fail(key: string, now: Date): void {
    const t = now.getTime();
    const w = this.current(key, t) ?? { start: t, count: 0 };
    w.count += 1;
    this.windows.set(key, w);
    if (this.windows.size > 10_000) this.sweep(t);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, t: number) {
    const w = this.windows.get(key);
    if (w && t - w.start < this.windowMs) return w;
    if (w) this.windows.delete(key);
    return undefined;
  }

  private sweep(t: number) {
    for (const [key, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(key);
  }
}

import { RateLimiter } from '../../core/rate-limit.js';

const FIVE_MINUTES = 5 * 60_000;
const FIFTEEN_MINUTES = 15 * 60_000;

/** Who is typing a PIN: the session, the account signed in on it, and the business. */
export interface PinGuesser {
  sessionId: string;
  userId: string;
  tenantId: string;
}

/**
 * Wrong PINs counted per session (5 / 5 min), per signed-in account
 * (5 / 15 min) and per business (20 / 15 min). Signing in again opens a new
 * session but not a new account, and several accounts guessing one shop's
 * PINs share its cap. A right PIN clears nothing: otherwise someone who knows
 * their own PIN could type it between guesses to start over. The windows end
 * by themselves.
 */
export class PinAttempts {
  private readonly perSession = new RateLimiter(5, FIVE_MINUTES);
  private readonly perAccount = new RateLimiter(5, FIFTEEN_MINUTES);
  private readonly perBusiness = new RateLimiter(20, FIFTEEN_MINUTES);

  /** Throws 429 `rate-limited` when any of the three is used up; call before looking the PIN up. */
  check(who: PinGuesser, now: Date): void {
    this.perBusiness.check(businessKey(who), now);
    this.perAccount.check(accountKey(who), now);
    this.perSession.check(sessionKey(who), now);
  }

  fail(who: PinGuesser, now: Date): void {
    this.perBusiness.fail(businessKey(who), now);
    this.perAccount.fail(accountKey(who), now);
    this.perSession.fail(sessionKey(who), now);
  }
}

const sessionKey = (who: PinGuesser) => `pin-session:${who.sessionId}`;
const accountKey = (who: PinGuesser) => `pin-account:${who.userId}`;
const businessKey = (who: PinGuesser) => `pin-business:${who.tenantId}`;

const byApp = new WeakMap<object, PinAttempts>();

/**
 * The one counter of an app (keyed by its deps), so every route that takes a
 * PIN counts against the same limits.
 */
export function pinAttemptsOf(deps: object): PinAttempts {
  let attempts = byApp.get(deps);
  if (!attempts) {
    attempts = new PinAttempts();
    byApp.set(deps, attempts);
  }
  return attempts;
}

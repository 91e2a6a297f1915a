import { Router } from 'express';
import { passwordResetCompleteRequest, passwordResetRequest } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { linkOrigin } from '../../core/mail/deliver.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { parseOrThrow } from '../../core/validation.js';
import { hubOfAccount, resetThroughHub } from './password-change.js';
import { completePasswordReset, startPasswordReset } from './password-reset.js';

const FIFTEEN_MINUTES = 15 * 60_000;

export function passwordResetRoutes(deps: AppDeps): Router {
  const router = Router();
  const perEmail = new RateLimiter(3, FIFTEEN_MINUTES);
  const perAddress = new RateLimiter(20, FIFTEEN_MINUTES);

  /**
   * Always 202 with no body, whether or not the account exists, so the form
   * does not tell anyone which emails have accounts. For the same reason the
   * email goes out after the answer (an SMTP round trip would show in the
   * response time) and a failed send is logged, not reported: a 502 here
   * would confirm the account exists. The reset row simply expires unused.
   */
  router.post('/api/auth/password-reset', async (req, res) => {
    const { email } = parseOrThrow(passwordResetRequest, req.body);
    const now = deps.clock.now();
    const addressKey = `reset-ip:${req.ip}`;
    perAddress.check(addressKey, now);
    perAddress.fail(addressKey, now);
    const emailKey = `reset:${email}`;
    // Past 3 requests for one email the extra ones are dropped silently: the inbox is not flooded.
    const withinLimit = !isRateLimited(() => perEmail.check(emailKey, now));
    perEmail.fail(emailKey, now);
    // An account of an enrolled business has its password on the hub (password-change.ts): the
    // hub sends the link and takes the new password; set only here, the next sync would undo it.
    const hub = withinLimit && deps.mode === 'local' ? await hubOfAccount(deps, email) : null;
    const outgoing =
      withinLimit && !hub ? await startPasswordReset(deps, email, linkOrigin(deps, req)) : null;
    res.status(202).end();
    if (hub) {
      resetThroughHub(hub, email).catch((err: unknown) =>
        deps.logger.error({ err }, 'the hub could not be asked for a password reset'),
      );
    }
    if (outgoing) {
      deps.mailer
        .sendMail({ to: outgoing.to, ...outgoing.mail })
        .catch((err: unknown) => deps.logger.error({ err }, 'password reset email could not be sent'));
    }
  });

  router.post('/api/auth/password-reset/complete', async (req, res) => {
    const body = parseOrThrow(passwordResetCompleteRequest, req.body);
    await completePasswordReset(deps, body.token, body.password);
    res.status(204).end();
  });

  return router;
}

function isRateLimited(check: () => void): boolean {
  try {
    check();
    return false;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'rate-limited') return true;
    throw err;
  }
}
